import { readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS } from '../environments';
import { APP_NAMESPACE_LABEL } from '../modules/argocd/argocd-objects';
import { renderedObjects } from './addons-helpers';
import { admitRenderedObjects, expandApplicationSet, globMatch, isSourcePermitted } from './argocd-admission';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, changed field by field below
type Json = any;

const HELM_CHARTS_REPO = 'https://github.com/my-org/helm-charts.git';

/** The Argo CD objects of one cluster as Helm installs them: both local charts, read from the synthesized stack. */
const clusterObjects = (env: string): Json[] => [
  ...renderedObjects(`${env}-addons`, 'argocd-namespace'),
  ...renderedObjects(`${env}-addons`, 'argocd-apps'),
];
const withProject = (objects: Json[], change: (spec: Json) => void): Json[] =>
  objects.map(o => {
    if (o.kind !== 'AppProject') return o;
    const copy = JSON.parse(JSON.stringify(o));
    change(copy.spec);
    return copy;
  });

describe.each(ENVIRONMENTS.map(e => e.name))(
  '%s: Argo CD admits every generated Application and its first sync',
  env => {
    const objects = clusterObjects(env);
    const config = ENVIRONMENTS.find(e => e.name === env)!.argocd;

    test('the ApplicationSets expand to exactly the configured applications', () => {
      const { applications } = admitRenderedObjects(objects);
      expect(applications.map(a => [a.name, a.namespace, a.project]).sort()).toEqual(
        config.applications.map(a => [a.name, a.namespace, config.project.name]).sort(),
      );
      // every placeholder was replaced: nothing of the form {{...}} reaches an Application
      expect(JSON.stringify(applications)).not.toMatch(/{{|}}/);
    });

    test('project, source, destination, namespace and every resource of the sync are permitted', () => {
      expect(admitRenderedObjects(objects).errors).toEqual([]);
    });

    test('the sync creates no Namespace: the platform does, labelled for destroy.sh, and Helm keeps them', () => {
      const { applications } = admitRenderedObjects(objects);
      expect(applications.every(a => !a.syncOptions.includes('CreateNamespace=true'))).toBe(true);
      const namespaces = objects.filter(
        o => o.kind === 'Namespace' && o.metadata.labels?.[APP_NAMESPACE_LABEL] === config.project.name,
      );
      expect(namespaces.map(n => n.metadata.name).sort()).toEqual([...config.project.namespaces].sort());
      for (const n of namespaces) expect(n.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
      // the project may still create no cluster-scoped resource at all
      expect(objects.find(o => o.kind === 'AppProject').spec.clusterResourceWhitelist).toEqual([]);
    });
  },
);

describe('Argo CD admission refuses, with the reason', () => {
  const dev = clusterObjects('dev');

  test('a project whose destinations do not include an application namespace', () => {
    const objects = withProject(dev, spec => {
      spec.destinations = spec.destinations.filter((d: Json) => d.namespace !== 'staging');
    });
    expect(admitRenderedObjects(objects).errors).toEqual([
      "application myapp-staging: application destination server 'https://kubernetes.default.svc' " +
        "and namespace 'staging' do not " +
        "match any of the allowed destinations in project 'dev'",
      // every namespaced resource of the sync is refused too (IsResourcePermitted checks its namespace)
      ...[
        'apps:Deployment',
        ':Service',
        'networking.k8s.io:Ingress',
        'autoscaling:HorizontalPodAutoscaler',
        'policy:PodDisruptionBudget',
        'external-secrets.io:ExternalSecret',
        ':ConfigMap',
        ':Secret',
      ].map(r => `application myapp-staging: resource ${r} is not permitted in project dev`),
    ]);
  });

  test('a project that does not admit the source repository (and a deny pattern wins over *)', () => {
    const other = withProject(dev, spec => {
      spec.sourceRepos = ['https://github.com/my-org/other-charts.git'];
    });
    expect(admitRenderedObjects(other).errors).toEqual([
      ...['myapp-dev', 'myapp-staging'].map(
        app => `application ${app}: application repo ${HELM_CHARTS_REPO} is not permitted in project 'dev'`,
      ),
    ]);
    const denied = withProject(dev, spec => {
      spec.sourceRepos = ['*', '!https://github.com/my-org/helm-charts'];
    });
    expect(admitRenderedObjects(denied).errors).toHaveLength(2);
    expect(admitRenderedObjects(denied).errors[0]).toContain('is not permitted in project');
  });

  test('a project that blacklists one resource kind of the application', () => {
    const objects = withProject(dev, spec => {
      spec.namespaceResourceBlacklist = [{ group: 'external-secrets.io', kind: 'ExternalSecret' }];
    });
    expect(admitRenderedObjects(objects).errors).toEqual([
      'application myapp-dev: resource external-secrets.io:ExternalSecret is not permitted in project dev',
      'application myapp-staging: resource external-secrets.io:ExternalSecret is not permitted in project dev',
    ]);
  });

  test('a namespace whitelist of [] admits no namespaced resource (unlike an absent one)', () => {
    const objects = withProject(dev, spec => {
      spec.namespaceResourceWhitelist = [];
    });
    expect(admitRenderedObjects(objects).errors).toHaveLength(16);
  });

  test('CreateNamespace=true, no Namespace in the whitelist: the first-sync failure of the old objects', () => {
    const objects = dev
      .map(o => {
        if (o.kind !== 'ApplicationSet') return o;
        const copy = JSON.parse(JSON.stringify(o));
        copy.spec.template.spec.syncPolicy.syncOptions = ['CreateNamespace=true'];
        return copy;
      })
      .filter(o => !(o.kind === 'Namespace' && o.metadata.name !== 'argocd'));
    expect(admitRenderedObjects(objects).errors).toEqual([
      'application myapp-dev: resource :Namespace is not permitted in project dev',
      'application myapp-staging: resource :Namespace is not permitted in project dev',
    ]);
    // a whitelist restricted by name admits exactly those namespaces
    const named = withProject(objects, spec => {
      spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace', name: 'dev' }];
    });
    expect(admitRenderedObjects(named).errors).toEqual([
      'application myapp-staging: resource :Namespace is not permitted in project dev',
    ]);
  });

  test('an application whose namespace neither exists nor is created by the sync', () => {
    const objects = dev.filter(o => !(o.kind === 'Namespace' && o.metadata.name === 'staging'));
    expect(admitRenderedObjects(objects).errors).toEqual(['application myapp-staging: namespaces "staging" not found']);
  });

  test('an application of a project that does not exist (or lives outside the Argo CD namespace)', () => {
    expect(admitRenderedObjects(dev.filter(o => o.kind !== 'AppProject')).errors).toEqual([
      'application myapp-dev: application references project dev which does not exist',
      'application myapp-staging: application references project dev which does not exist',
    ]);
  });
});

describe('the admission model itself', () => {
  test('glob: * stops at the separator, ** does not, {a,b} and [..] as in gobwas/glob', () => {
    expect(globMatch('https://github.com/my-org/*', 'https://github.com/my-org/charts', '/')).toBe(true);
    expect(globMatch('https://github.com/my-org/*', 'https://github.com/my-org/a/b', '/')).toBe(false);
    expect(globMatch('https://github.com/my-org/**', 'https://github.com/my-org/a/b', '/')).toBe(true);
    expect(globMatch('{dev,staging}', 'staging')).toBe(true);
    expect(globMatch('team-[ab]', 'team-c')).toBe(false);
    expect(
      isSourcePermitted(
        { spec: { sourceRepos: ['https://GitHub.com/my-org/helm-charts/'] } },
        'https://github.com/my-org/helm-charts.git',
      ),
    ).toBe(true);
  });

  test('goTemplate with missingkey=error refuses an element without the key; fasttemplate leaves it as written', () => {
    const appSet = (goTemplate: boolean, name: string, namespace: string) => ({
      metadata: { name: 's', namespace: 'argocd' },
      spec: {
        goTemplate,
        ...(goTemplate ? { goTemplateOptions: ['missingkey=error'] } : {}),
        generators: [{ list: { elements: [{ name: 'a' }] } }],
        template: {
          metadata: { name },
          spec: { project: 'p', source: { repoURL: 'r' }, destination: { server: 's', namespace } },
        },
      },
    });
    expect(() => expandApplicationSet(appSet(true, '{{.name}}', '{{.namespace}}'))).toThrow(
      'map has no entry for key "namespace"',
    );
    const [app] = expandApplicationSet(appSet(false, '{{ name }}', '{{namespace}}'));
    expect([app.name, app.namespace]).toEqual(['a', '{{namespace}}']);
  });
});

test('destroy.sh deletes the application namespaces by the label the platform puts on them', () => {
  const script = readFileSync(join(__dirname, '..', 'scripts', 'destroy.sh'), 'utf8');
  expect(script).toContain(`kubectl delete namespaces -l ${APP_NAMESPACE_LABEL} `);
});
