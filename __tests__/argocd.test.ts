import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { dev } from '../environments/dev';
import { KubernetesObject, renderObject } from '../modules/addons/local-chart';
import { ArgoCd } from '../modules/argocd/argocd';
import { applicationSets, appProject, ArgoCdObjectsProps } from '../modules/argocd/argocd-objects';
import { validateArgoCdObjectsProps } from '../modules/argocd/validation';
import { renderedObjects } from './addons-helpers';
import { realPlatform, realStack, resources, SynthesizedStack } from './helpers';
import { realModel, realOutdir } from './real-platform';

const HELM_CHARTS_REPO = 'https://github.com/my-org/helm-charts.git';
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** What each cluster must get: written out, not derived from the configuration under test. */
interface ExpectedApp {
  readonly namespace: string;
  readonly path: string;
  readonly sync: 'automated' | 'manual';
}
const EXPECTED: Record<string, { project: string; namespaces: string[]; apps: Record<string, ExpectedApp> }> = {
  dev: {
    project: 'dev',
    namespaces: ['dev', 'staging'],
    apps: {
      'myapp-dev': { namespace: 'dev', path: 'myapp/overlays/dev', sync: 'automated' },
      'myapp-staging': { namespace: 'staging', path: 'myapp/overlays/staging', sync: 'automated' },
    },
  },
  prod: {
    project: 'prod',
    namespaces: ['production'],
    apps: { 'myapp-production': { namespace: 'production', path: 'myapp/overlays/production', sync: 'manual' } },
  },
};

interface ValidationResult {
  readonly kind: string;
  readonly name: string;
  readonly valid: boolean;
  readonly error?: string;
}

/** @kubernetes-models/argo-cd is ESM-only: validate in a plain node child process. */
function validateWithArgoCdModels(objects: readonly unknown[]): ValidationResult[] {
  const script = join(__dirname, 'argocd-validate.mjs');
  const out = execFileSync(process.execPath, [script], { input: JSON.stringify(objects), encoding: 'utf8' });
  return JSON.parse(out) as ValidationResult[];
}

function release(stack: SynthesizedStack, name: string): { address: string; release: Record<string, unknown> } {
  const all = Object.entries(resources(stack, 'helm_release')).filter(([, r]) => r.name === name);
  expect(all).toHaveLength(1);
  return { address: `helm_release.${all[0][0]}`, release: all[0][1] };
}
const construct = (env: string) => realPlatform().environments[env].addons.node.findChild('argocd') as ArgoCd;
/** The objects as Helm installs them: the rendered YAML parsed back. */
const rendered = (env: string) => construct(env).apps.objects.map(o => parse(renderObject(o)) as KubernetesObject);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read field by field below
type Parsed = KubernetesObject & { spec: any };
const ofKind = (objects: readonly KubernetesObject[], kind: string) => objects.filter(o => o.kind === kind) as Parsed[];

describe.each(['dev', 'prod'])('%s Argo CD', env => {
  const stack = realStack(`${env}-addons`);
  const expected = EXPECTED[env];

  test('installs chart argo-cd 10.1.1 from argoproj.github.io/argo-helm, atomic, with a timeout', () => {
    expect(release(stack, 'argocd').release).toMatchObject({
      chart: 'argo-cd',
      repository: 'https://argoproj.github.io/argo-helm',
      version: '10.1.1',
      namespace: 'argocd-releases',
      atomic: true,
      wait: true,
      timeout: 600,
    });
  });

  test(
    'values: server, repo server, application controller and ApplicationSet controller with explicit ' + 'requests',
    () => {
      const values = JSON.parse((release(stack, 'argocd').release.values as string[])[0]);
      for (const component of ['controller', 'server', 'repoServer', 'applicationSet']) {
        expect([component, values[component].replicas]).toEqual([component, 1]);
        expect(values[component].resources.requests).toEqual({
          cpu: expect.stringMatching(/^\d+m$/),
          memory: expect.stringMatching(/^\d+Mi$/),
        });
        expect(values[component].resources.limits.memory).toMatch(/^\d+(Mi|Gi)$/);
      }
      expect(values.redis.resources.requests).toEqual({
        cpu: expect.stringMatching(/^\d+m$/),
        memory: expect.stringMatching(/^\d+Mi$/),
      });
      expect(values.crds).toEqual({ install: true, keep: true });
      expect(values.namespaceOverride).toBe('argocd');
      expect(values.dex).toEqual({ enabled: false });
      expect(values.notifications).toEqual({ enabled: false });
      // no CriticalAddonsOnly toleration anywhere: Argo CD stays off the system nodes, as systemPods says
      expect(JSON.stringify(values)).not.toContain('CriticalAddonsOnly');
      expect(construct(env).systemPods).toEqual([]);
    },
  );

  test(
    'Argo CD waits for its namespace and the Karpenter NodePool: its pods need Karpenter capacity on the first ' +
      'apply',
    () => {
      expect(release(stack, 'argocd').release.depends_on).toEqual(
        expect.arrayContaining([
          release(stack, 'argocd-namespace').address,
          release(stack, 'karpenter-nodepools').address,
        ]),
      );
    },
  );

  test(
    'Helm state of the Argo CD releases stays out of argocd (its Secrets forge admin tokens): ' + 'argocd-releases',
    () => {
      const argoReleases = Object.values(resources(stack, 'helm_release')).filter(r =>
        String(r.name).startsWith('argocd'),
      );
      expect(argoReleases.map(r => [r.name, r.namespace]).sort()).toEqual([
        ['argocd', 'argocd-releases'],
        ['argocd-apps', 'argocd-releases'],
        ['argocd-namespace', 'addon-releases'],
      ]);
      expect(Object.values(resources(stack, 'helm_release')).filter(r => r.namespace === 'argocd')).toEqual([]);
    },
  );

  test(
    'the argocd Namespace is a local chart in addon-releases, installed before (and uninstalled after) Argo ' + 'CD',
    () => {
      const ns = release(stack, 'argocd-namespace').release;
      expect(ns).toMatchObject({ namespace: 'addon-releases', atomic: true, wait: true, version: '1.0.0' });
      expect(ns.chart).toMatch(/^assets\//);
      expect(ns.repository).toBeUndefined();
      expect(ns.depends_on).toBeUndefined();
      expect(renderedObjects(`${env}-addons`, 'argocd-namespace')).toEqual([
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
        },
      ]);
      expect(release(stack, 'argocd').release.depends_on).toContain(release(stack, 'argocd-namespace').address);
    },
  );

  test('the AppProject and ApplicationSets are a local chart installed after Argo CD', () => {
    const apps = release(stack, 'argocd-apps').release;
    expect(apps).toMatchObject({
      namespace: 'argocd-releases',
      atomic: true,
      version: '1.0.0',
      depends_on: [release(stack, 'argocd').address],
    });
    expect(apps.chart).toMatch(/^assets\//);
    expect(apps.repository).toBeUndefined();
  });

  test(
    `AppProject ${expected.project}: only the Helm-charts repository, only its namespaces on this cluster, no ` +
      `finalizer`,
    () => {
      const projects = ofKind(rendered(env), 'AppProject');
      expect(projects).toHaveLength(1);
      expect(projects[0].metadata).toEqual({ name: expected.project, namespace: 'argocd' });
      expect(projects[0].spec.sourceRepos).toEqual([HELM_CHARTS_REPO]);
      expect(projects[0].spec.destinations).toEqual(
        expected.namespaces.map(namespace => ({ server: IN_CLUSTER, namespace })),
      );
      expect(projects[0].spec.clusterResourceWhitelist).toEqual([]);
    },
  );

  test('ApplicationSets generate exactly the expected applications with their sync policies', () => {
    const sets = ofKind(rendered(env), 'ApplicationSet');
    expect(sets).toHaveLength(1); // one per cluster: every app of an environment shares a sync mode today
    const generated: Record<string, unknown> = {};
    for (const set of sets) {
      expect(set.metadata.namespace).toBe('argocd');
      expect(set.spec.goTemplate).toBe(true);
      const template = set.spec.template;
      expect(template.metadata.name).toBe('{{.name}}');
      expect(template.spec.project).toBe(expected.project);
      expect(template.spec.source).toEqual({
        repoURL: HELM_CHARTS_REPO,
        path: '{{.path}}',
        targetRevision: '{{.targetRevision}}',
      });
      expect(template.spec.destination).toEqual({ server: IN_CLUSTER, namespace: '{{.namespace}}' });
      expect(template.metadata.finalizers).toBeUndefined();
      for (const element of set.spec.generators[0].list.elements) {
        const sync = template.spec.syncPolicy.automated === undefined ? 'manual' : 'automated';
        if (sync === 'automated') expect(template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
        generated[element.name] = { namespace: element.namespace, path: element.path, sync };
      }
    }
    expect(generated).toEqual(expected.apps);
  });

  test('AppProjects and ApplicationSets validate against @kubernetes-models/argo-cd', () => {
    // the app Namespaces are core v1 objects: the Argo CD models validate the rest
    const results = validateWithArgoCdModels(rendered(env).filter(o => o.kind !== 'Namespace'));
    expect(results.map(r => r.kind).sort()).toEqual(['AppProject', 'ApplicationSet']);
    expect(results.filter(r => !r.valid)).toEqual([]);
  });
});

describe('the Argo CD local chart on disk', () => {
  // the shipped platform as the test run's one synth wrote it (global-setup.ts)
  const outdir = realOutdir();
  const model = realModel();

  test.each(['dev', 'prod'])(
    '%s: templates/ holds only the verbatim template; files/ hold the objects with {{...}} intact',
    env => {
      const stackDir = join(outdir, 'stacks', `${env}-addons`);
      const stack = model.environments[env].addons.json;
      const chartDir = join(stackDir, release(stack, 'argocd-apps').release.chart as string);
      expect(readdirSync(join(chartDir, 'templates'))).toEqual(['objects.yaml']);
      // .Files.Get output is not templated again, so Argo CD's placeholders reach the cluster as written
      expect(readFileSync(join(chartDir, 'templates', 'objects.yaml'), 'utf8')).toContain('$.Files.Get $path');
      const files = readdirSync(join(chartDir, 'files')).sort();
      const objects = files.map(f => parse(readFileSync(join(chartDir, 'files', f), 'utf8')) as KubernetesObject);
      expect(objects.map(o => o.kind)).toEqual([
        ...EXPECTED[env].namespaces.map(() => 'Namespace'),
        'AppProject',
        'ApplicationSet',
      ]);
      const applicationSetFile = files.find(f => f.includes('-applicationset-'))!;
      expect(readFileSync(join(chartDir, 'files', applicationSetFile), 'utf8')).toContain('{{.name}}');
      expect(objects).toEqual(construct(env).apps.objects.map(o => JSON.parse(JSON.stringify(o))));
    },
  );
});

describe('Argo CD objects', () => {
  const props: ArgoCdObjectsProps = { namespace: 'argocd', ...dev.argocd };

  test('mixed sync modes give one ApplicationSet per mode; manual has no automated block', () => {
    const mixed = {
      ...props,
      applications: [props.applications[0], { ...props.applications[1], sync: 'manual' as const }],
    };
    const sets = applicationSets(mixed);
    expect(sets.map(s => s.metadata.name)).toEqual(['dev-automated', 'dev-manual']);
    expect(sets[0].spec.template.spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
    expect(sets[1].spec.template.spec.syncPolicy).toEqual({});
    expect(sets.map(s => s.spec.generators[0].list?.elements?.map(e => (e as { name: string }).name))).toEqual([
      ['myapp-dev'],
      ['myapp-staging'],
    ]);
    expect(validateWithArgoCdModels([appProject(mixed), ...sets]).filter(r => !r.valid)).toEqual([]);
  });

  test('fails schema validation: an ApplicationSet whose automated.prune is not a boolean', () => {
    const [set] = applicationSets(props);
    const broken = JSON.parse(JSON.stringify(set));
    broken.spec.template.spec.syncPolicy.automated.prune = 'yes';
    const [result] = validateWithArgoCdModels([broken]);
    expect(result.valid).toBe(false);
    expect(result.error).toMatch(/automated\/prune must be boolean/);
  });

  test('fails schema validation: an AppProject whose sourceRepos is not a list', () => {
    const broken = { ...appProject(props), spec: { sourceRepos: HELM_CHARTS_REPO } };
    expect(validateWithArgoCdModels([broken])[0]).toMatchObject({
      valid: false,
      error: expect.stringMatching(/sourceRepos must be array/),
    });
  });

  test('fails when an application targets a namespace outside the project', () => {
    const apps = [{ ...props.applications[0], namespace: 'production' }];
    expect(validateArgoCdObjectsProps({ ...props, applications: apps }, 'dev.argocd').map(e => e.message)).toEqual([
      'dev.argocd.applications["myapp-dev"].namespace is "production": ' +
        "expected one of the project's namespaces (dev, staging)",
    ]);
  });

  test('fails with duplicate application names', () => {
    const apps = [props.applications[0], props.applications[0]];
    expect(() => applicationSets({ ...props, applications: apps })).toThrow(
      'argocd.applications[].name is "myapp-dev": application names must be unique',
    );
  });

  test('fails to build the construct with a non-https repository, before any resource exists', () => {
    const sshUrl = { ...dev.argocd, helmChartsRepoUrl: 'git@github.com:my-org/x.git' };
    expect(() => Testing.synthScope(scope => new ArgoCd(scope, 'argocd', sshUrl))).toThrow(
      'argocd.helmChartsRepoUrl is "git@github.com:my-org/x.git": expected an https:// Git URL',
    );
  });
});
