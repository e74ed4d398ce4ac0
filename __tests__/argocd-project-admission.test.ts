import { parse } from 'yaml';
import { ENVIRONMENTS } from '../environments';
import type { ArgoCdApplicationConfig } from '../environments/types';
import { renderObject } from '../modules/addons/local-chart';
import {
  APP_NAMESPACE_LABEL,
  appNamespaces,
  applicationSets,
  appProject,
  argoCdNamespace,
  ArgoCdObjectsProps,
  IN_CLUSTER_SERVER,
} from '../modules/argocd/argocd-objects';
import { validateArgoCdObjectsProps } from '../modules/argocd/validation';
import { admissionErrors, admitRenderedObjects, Application, expandApplicationSet } from './argocd-admission';

/**
 * The Argo CD objects of modules/argocd/argocd-objects.ts, built in-process from a configuration and rendered as the
 * local charts render them, decided by the admission model of __tests__/argocd-admission.ts (Argo CD's
 * ApplicationSet rendering and AppProject checks): what the platform's AppProjects admit, and what they refuse.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read field by field
type Json = any;

const REPO = 'https://github.com/my-org/helm-charts.git';
const app = (name: string, namespace: string, sync: 'automated' | 'manual' = 'automated'): ArgoCdApplicationConfig => ({
  name,
  namespace,
  path: `charts/${name}`,
  targetRevision: 'main',
  sync,
});
const propsOf = (over: Partial<ArgoCdObjectsProps> = {}): ArgoCdObjectsProps => ({
  namespace: 'argocd',
  helmChartsRepoUrl: REPO,
  project: { name: 'team', namespaces: ['web', 'jobs'] },
  applications: [app('web-app', 'web'), app('jobs-app', 'jobs', 'manual')],
  ...over,
});
/** Every object of one cluster as Helm installs it: the YAML of both local charts, parsed back. */
const clusterObjects = (props: ArgoCdObjectsProps): Json[] =>
  [argoCdNamespace(props.namespace), ...appNamespaces(props), appProject(props), ...applicationSets(props)].map(o =>
    parse(renderObject(o)),
  );
const projectOf = (props: ArgoCdObjectsProps): Json => parse(renderObject(appProject(props)));

describe.each(ENVIRONMENTS.map(e => [e.name, e] as const))(
  '%s: Argo CD admits what the configuration asks',
  (_, env) => {
    const props = propsOf({ ...env.argocd, namespace: 'argocd' });

    test('every configured application, with its namespace, the project, the repository and this cluster', () => {
      const { applications, errors } = admitRenderedObjects(clusterObjects(props));
      expect(errors).toEqual([]);
      expect(
        applications.map(a => [a.name, a.appNamespace, a.project, a.repoURL, a.server, a.namespace]).sort(),
      ).toEqual(
        env.argocd.applications
          .map(a => [a.name, 'argocd', env.argocd.project.name, REPO, 'https://kubernetes.default.svc', a.namespace])
          .sort(),
      );
    });
  },
);

describe('a project with automated and manual applications', () => {
  const props = propsOf();
  const objects = clusterObjects(props);
  const sets = objects.filter(o => o.kind === 'ApplicationSet');

  test('is admitted: both applications, both namespaces created by the platform', () => {
    const { applications, errors } = admitRenderedObjects(objects);
    expect(errors).toEqual([]);
    expect(applications.map(a => a.name)).toEqual(['web-app', 'jobs-app']);
  });

  test('one ApplicationSet per sync mode, in the Argo CD namespace, named after the project and mode', () => {
    expect(sets.map(s => [s.metadata.name, s.metadata.namespace])).toEqual([
      ['team-automated', 'argocd'],
      ['team-manual', 'argocd'],
    ]);
    expect(sets.map(s => expandApplicationSet(s).map(a => a.name))).toEqual([['web-app'], ['jobs-app']]);
  });

  test('automated applications prune and self-heal; manual ones have no automated block and sync no namespace', () => {
    expect(sets.map(s => s.spec.template.spec.syncPolicy)).toEqual([
      { automated: { prune: true, selfHeal: true } },
      {},
    ]);
    expect(admitRenderedObjects(objects).applications.map(a => a.syncOptions)).toEqual([[], []]);
  });

  test('each generated Application takes its path and revision from its element, its label from the project', () => {
    const [automated] = sets;
    expect(automated.spec.generators).toEqual([
      { list: { elements: [{ name: 'web-app', namespace: 'web', path: 'charts/web-app', targetRevision: 'main' }] } },
    ]);
    expect(automated.spec.template.metadata).toEqual({
      name: '{{.name}}',
      labels: { 'app.kubernetes.io/part-of': 'team' },
    });
    expect(automated.spec.template.spec.source).toEqual({
      repoURL: REPO,
      path: '{{.path}}',
      targetRevision: '{{.targetRevision}}',
    });
  });

  test('a template field an element lacks fails the render (missingkey=error), never "<no value>"', () => {
    const broken = JSON.parse(JSON.stringify(sets[0]));
    delete broken.spec.generators[0].list.elements[0].path;
    expect(() => expandApplicationSet(broken)).toThrow('template: map has no entry for key "path"');
  });

  test('only the sync modes in use get an ApplicationSet; no application, no ApplicationSet', () => {
    const names = (p: ArgoCdObjectsProps) => applicationSets(p).map(s => s.metadata.name);
    expect(names(propsOf({ applications: [app('jobs-app', 'jobs', 'manual')] }))).toEqual(['team-manual']);
    expect(names(propsOf({ applications: [app('web-app', 'web')] }))).toEqual(['team-automated']);
    expect(names(propsOf({ applications: [] }))).toEqual([]);
  });
});

describe('the AppProject refuses what its environment does not own', () => {
  const props = propsOf();
  const project = projectOf(props);
  const admitted: Application = {
    name: 'web-app',
    appNamespace: 'argocd',
    project: 'team',
    repoURL: REPO,
    server: IN_CLUSTER_SERVER,
    namespace: 'web',
    syncOptions: [],
  };
  const existing = new Set(['web', 'jobs', 'kube-system', 'argocd']);

  test.each<[string, Partial<Application>, string[]]>([
    ['the Application as generated', {}, []],
    [
      'the repository with a trailing .git dropped (Argo CD normalizes it)',
      { repoURL: REPO.replace(/\.git$/, '') },
      [],
    ],
    ['another repository', { repoURL: 'https://github.com/my-org/other.git' }, ['application repo']],
    ['another cluster', { server: 'https://prod.example.com' }, ['destination server', ...Array(8).fill('resource')]],
    [
      'a namespace outside the project',
      { namespace: 'kube-system' },
      ['destination server', ...Array(8).fill('resource')],
    ],
    [
      'creating its namespace (a cluster-scoped Namespace)',
      { syncOptions: ['CreateNamespace=true'] },
      ['resource :Namespace'],
    ],
    ['another project', { project: 'other' }, ['which does not exist']],
    ['an Application outside the Argo CD namespace', { appNamespace: 'web' }, ['which does not exist']],
  ])('%s', (_, change, refusals) => {
    const errors = admissionErrors({ ...admitted, ...change }, [project], existing);
    expect(errors).toHaveLength(refusals.length);
    refusals.forEach((refusal, i) => expect(errors[i]).toContain(refusal));
  });

  test('it names the environment, lists the repository as its only source and no cluster-scoped kind', () => {
    expect(project).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'team', namespace: 'argocd' },
      spec: {
        description: 'Applications of the team environment',
        sourceRepos: [REPO],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: 'web' },
          { server: 'https://kubernetes.default.svc', namespace: 'jobs' },
        ],
        clusterResourceWhitelist: [],
      },
    });
  });
});

describe('the namespaces: the platform creates them, Helm keeps them, destroy.sh finds them by label', () => {
  const objects = clusterObjects(propsOf());
  const namespaces = objects.filter(o => o.kind === 'Namespace');

  test('the Argo CD namespace and each project namespace, core v1', () => {
    expect(namespaces.map(n => [n.apiVersion, n.metadata.name])).toEqual([
      ['v1', 'argocd'],
      ['v1', 'web'],
      ['v1', 'jobs'],
    ]);
    expect(namespaces[0].metadata).toEqual({ name: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } });
  });

  test('without them the first sync fails: the project may create none ("namespaces not found")', () => {
    const without = objects.filter(o => !(o.kind === 'Namespace' && o.metadata.name === 'jobs'));
    expect(admitRenderedObjects(without).errors).toEqual(['application jobs-app: namespaces "jobs" not found']);
  });

  test('`kubectl delete namespaces -l platform.eks/argocd-project` (destroy.sh) selects the project ones only', () => {
    // a label selector of a bare key matches every object carrying the key (Kubernetes "Labels and Selectors")
    const selected = namespaces.filter(n => APP_NAMESPACE_LABEL in (n.metadata.labels ?? {}));
    expect(selected.map(n => n.metadata.name)).toEqual(['web', 'jobs']);
    for (const n of selected) {
      expect(n.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'team', 'platform.eks/argocd-project': 'team' });
    }
  });

  test('`helm uninstall`, or an upgrade dropping one, leaves the namespace and its data (resource-policy keep)', () => {
    // Helm skips resources annotated helm.sh/resource-policy: keep on uninstall and upgrade (Helm docs, "Chart
    // Development Tips and Tricks: Tell Helm Not To Uninstall a Resource")
    const kept = namespaces.filter(n => n.metadata.annotations?.['helm.sh/resource-policy'] === 'keep');
    expect(kept.map(n => n.metadata.name)).toEqual(['web', 'jobs']);
  });
});

describe('a configuration Argo CD could not sync is refused before any object is built', () => {
  test.each([
    ['https://github.com/my-org/helm-charts.git', true],
    ['https://x', true],
    ['https://', false],
    ['http://github.com/my-org/helm-charts.git', false],
    ['git@github.com:my-org/helm-charts.git', false],
    ['git+https://github.com/my-org/helm-charts.git', false],
    [' https://github.com/my-org/helm-charts.git', false],
    ['https://github.com/my-org/helm charts.git', false],
  ])('helmChartsRepoUrl %j: accepted %s', (url, accepted) => {
    const build = () => applicationSets(propsOf({ helmChartsRepoUrl: url }));
    if (accepted) expect(build).not.toThrow();
    else expect(build).toThrow(`argocd.helmChartsRepoUrl is "${url}": expected an https:// Git URL`);
  });

  test('a project without namespaces', () => {
    expect(() => applicationSets(propsOf({ project: { name: 'team', namespaces: [] }, applications: [] }))).toThrow(
      'argocd.project.namespaces is []: expected at least one namespace',
    );
    expect(
      validateArgoCdObjectsProps(propsOf({ project: { name: 'team', namespaces: ['web'] }, applications: [] }), 'at'),
    ).toEqual([]);
  });

  test('an application outside the project namespaces', () => {
    expect(() => applicationSets(propsOf({ applications: [app('web-app', 'web'), app('db', 'kube-system')] }))).toThrow(
      'argocd.applications["db"].namespace is "kube-system": expected one of the project\'s namespaces (web, jobs)',
    );
  });

  test('two applications of one name (Argo CD would generate one Application for both)', () => {
    expect(() => applicationSets(propsOf({ applications: [app('web-app', 'web'), app('web-app', 'jobs')] }))).toThrow(
      'argocd.applications[].name is "web-app": application names must be unique',
    );
  });
});
