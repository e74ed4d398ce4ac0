import { ENVIRONMENTS, platform } from '../environments';
import { ACCESS_POLICIES, accessPolicyArn, ADMIN_VIEW_POLICY } from '../modules/cluster/access-entries';
import { ciRoleNames, roleArn } from '../modules/naming';
import { Json, releaseValues, renderedObjects } from './addons-helpers';
import { ALL_STACK_IDS, realStack, resources, SynthesizedStack } from './read-helpers';
import { list, resolve } from './tf-json';

/**
 * Which Secrets the CI plan role may read inside each cluster, decided as the Kubernetes API server's RBAC
 * authorizer does (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): a request is allowed when a
 * binding that applies to its namespace (a RoleBinding in that namespace, or a ClusterRoleBinding anywhere) holds a
 * rule matching its verb, API group and resource, and, where the rule lists `resourceNames`, the object's name (a
 * `list` or `watch` of a collection names no object, so such a rule never allows it). RBAC has no deny rules.
 *
 * The plan role's bindings come from the synthesized JSON: each EKS access policy association acts as a RoleBinding
 * of the policy in each listed namespace (`namespace` scope) or a ClusterRoleBinding (`cluster` scope) (EKS user
 * guide, "Associate access policies with access entries"); Roles and RoleBindings rendered by the local charts bind
 * the entry's Kubernetes groups, if it has any.
 */
interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames?: readonly string[];
}

interface Binding {
  readonly rules: readonly PolicyRule[];
  /** `undefined`: a ClusterRoleBinding, every namespace. */
  readonly namespace?: string;
}

interface Request {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name?: string;
}

const READ = ['get', 'list', 'watch'];

/**
 * The EKS access policies as RBAC rules (EKS user guide, "Review access policy permissions"): AmazonEKSViewPolicy reads
 * the workload, networking and configuration kinds but not Secrets; AmazonEKSAdminViewPolicy reads every resource;
 * AmazonEKSClusterAdminPolicy may do anything.
 */
const ACCESS_POLICY_RULES: Readonly<Record<string, readonly PolicyRule[]>> = {
  [accessPolicyArn(ACCESS_POLICIES.view, 'aws')]: [
    {
      apiGroups: [''],
      resources: [
        'configmaps',
        'endpoints',
        'events',
        'limitranges',
        'namespaces',
        'nodes',
        'persistentvolumeclaims',
        'persistentvolumes',
        'pods',
        'pods/log',
        'replicationcontrollers',
        'resourcequotas',
        'serviceaccounts',
        'services',
      ],
      verbs: READ,
    },
    { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: READ },
    { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: READ },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  ],
  [accessPolicyArn(ADMIN_VIEW_POLICY, 'aws')]: [{ apiGroups: ['*'], resources: ['*'], verbs: READ }],
  [accessPolicyArn(ACCESS_POLICIES.admin, 'aws')]: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
};

const matches = (values: readonly string[], value: string) => values.includes('*') || values.includes(value);

function ruleAllows(rule: PolicyRule, request: Request): boolean {
  if (!matches(rule.verbs, request.verb) || !matches(rule.apiGroups, request.apiGroup)) return false;
  if (!matches(rule.resources, request.resource)) return false;
  if (rule.resourceNames === undefined || rule.resourceNames.length === 0) return true;
  return request.name !== undefined && rule.resourceNames.includes(request.name);
}

function allowed(bindings: readonly Binding[], request: Request): boolean {
  return bindings.some(
    b =>
      (b.namespace === undefined || b.namespace === request.namespace) &&
      b.rules.some(rule => ruleAllows(rule, request)),
  );
}

/**
 * Helm's Secret storage driver reads a release with `Get` and `List` (by label) in its namespace (helm
 * pkg/storage/driver/secrets.go).
 */
const readsHelmState = (bindings: readonly Binding[], namespace: string) =>
  ['get', 'list'].every(verb => allowed(bindings, { verb, apiGroup: '', resource: 'secrets', namespace }));

const readsAnySecret = (bindings: readonly Binding[], namespace: string, name?: string) =>
  READ.some(verb => allowed(bindings, { verb, apiGroup: '', resource: 'secrets', namespace, name }));

const releasesOf = (stack: SynthesizedStack) => Object.values(resources(stack, 'helm_release'));
const isLocal = (r: Json) => r.repository === undefined;
const valuesOf = (r: Json): Json => (r.values === undefined ? {} : releaseValues(r));
/** Where a chart's namespaced objects go: its helper is `default .Release.Namespace .Values.namespaceOverride`. */
const objectNamespace = (r: Json) => (valuesOf(r).namespaceOverride as string | undefined) ?? (r.namespace as string);

/**
 * Secrets the remote charts create at their pinned versions, in their objects' namespace. A version bump must re-check
 * the entry (the test compares the release's version).
 */
const CHART_SECRETS: ReadonlyArray<{ release: string; version: string; secret: string; template: string }> = [
  // kube-webhook-certgen writes the admission webhook's key there (`controller.admissionWebhooks.enabled` is on)
  {
    release: 'ingress-nginx',
    version: '4.15.1',
    secret: 'ingress-nginx-admission',
    template:
      'kubernetes/ingress-nginx helm-chart-4.15.1 ' +
      'charts/ingress-nginx/templates/admission-webhooks/job-patch/job-createSecret.yaml',
  },
  // the cert controller writes the webhook's key into it
  {
    release: 'external-secrets',
    version: '2.9.0',
    secret: 'external-secrets-webhook',
    template:
      'external-secrets/external-secrets helm-chart-2.9.0 deploy/charts/external-secrets/templates/webhook-secret.yaml',
  },
  // `server.secretkey` signs Argo CD admin tokens
  {
    release: 'argocd',
    version: '10.1.1',
    secret: 'argocd-secret',
    template: 'argoproj/argo-helm argo-cd-10.1.1 charts/argo-cd/templates/argocd-configs/argocd-secret.yaml',
  },
  // the Alertmanager configuration, receivers' credentials included
  {
    release: 'kube-prometheus-stack',
    version: '88.5.3',
    secret: 'alertmanager-kube-prometheus-stack-alertmanager',
    template:
      'prometheus-community/helm-charts kube-prometheus-stack-88.5.3 ' +
      'charts/kube-prometheus-stack/templates/alertmanager/secret.yaml',
  },
  // the webhook's serving key, rendered into the release itself (`tls.key`, lines 387-399)
  {
    release: 'aws-load-balancer-controller',
    version: '3.5.0',
    secret: 'aws-load-balancer-tls',
    template:
      'kubernetes-sigs/aws-load-balancer-controller v3.5.0 helm/aws-load-balancer-controller/templates/webhook.yaml',
  },
];

/**
 * The one chart Secret the plan role reads, and why it cannot be otherwise: the chart names `.Release.Namespace` in
 * every template and renders the key into the release, so the Helm state the plan must refresh holds the key itself.
 */
const READABLE_CHART_SECRETS = new Set(['aws-load-balancer-controller/aws-load-balancer-tls']);

/** Charts without namespaced objects (CRDs only), whose release may sit in a Helm-state-only namespace as it is. */
const CLUSTER_SCOPED_CHARTS = new Set(['karpenter-crd', 'prometheus-operator-crds']);

/** Namespaces of Helm state only. */
const STATE_NAMESPACES = ['addon-releases', 'argocd-releases', 'monitoring-releases'];

/** Releases moved out of their objects' namespace, and the chart helper (at the pinned tag) that makes it possible. */
const MOVED = [
  {
    release: 'ingress-nginx',
    version: '4.15.1',
    objects: 'ingress-nginx',
    helper: 'charts/ingress-nginx/templates/_helpers.tpl line 37 (`ingress-nginx.namespace`)',
  },
  {
    release: 'external-secrets',
    version: '2.9.0',
    objects: 'external-secrets',
    helper: 'deploy/charts/external-secrets/templates/_helpers.tpl line 43 (`external-secrets.namespace`)',
  },
  {
    release: 'external-dns',
    version: '1.21.1',
    objects: 'external-dns',
    helper: 'charts/external-dns/templates/_helpers.tpl line 14 (`external-dns.namespace`)',
  },
] as const;

describe.each(ENVIRONMENTS.map(e => e.name))('%s: the plan role reads Helm state and no chart Secret', env => {
  const eks = realStack(`${env}-eks`);
  const addonsId = `${env}-addons`;
  const addons = realStack(addonsId);
  const plan = roleArn(platform, ciRoleNames(platform, env).plan);

  const entry = list(eks, 'aws_eks_access_entry').find(e => e.principal_arn === plan)!;
  const localObjects = () =>
    releasesOf(addons)
      .filter(isLocal)
      .flatMap(r => renderedObjects(addonsId, r.name as string));
  const meta = (o: Json) => o.metadata as { name: string; namespace?: string };

  function planBindings(): Binding[] {
    const bindings: Binding[] = list(eks, 'aws_eks_access_policy_association')
      .filter(a => resolve(eks, a.principal_arn).principal_arn === plan)
      .flatMap(a => {
        const rules = ACCESS_POLICY_RULES[String(a.policy_arn)];
        if (rules === undefined) throw new Error(`no model of the access policy ${String(a.policy_arn)}`);
        const scope = a.access_scope as { type: string; namespaces?: string[] };
        return scope.type === 'namespace' ? scope.namespaces!.map(namespace => ({ rules, namespace })) : [{ rules }];
      });
    // Roles and bindings of the local charts, for the entry's groups
    const groups = new Set((entry.kubernetes_groups as string[] | undefined) ?? []);
    const objects = localObjects();
    for (const b of objects.filter(o => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
      const subjects = (b.subjects as Array<{ kind: string; name: string }> | undefined) ?? [];
      if (!subjects.some(s => s.kind === 'Group' && groups.has(s.name))) continue;
      const roleRef = b.roleRef as { kind: string; name: string };
      const role = objects.find(o => o.kind === roleRef.kind && meta(o).name === roleRef.name);
      const rules = (role?.rules as PolicyRule[] | undefined) ?? [];
      bindings.push({ rules, namespace: b.kind === 'RoleBinding' ? meta(b).namespace : undefined });
    }
    return bindings;
  }

  /** `namespace/name` of every Secret a chart of this stack puts in the cluster. */
  function chartSecrets(): string[] {
    const fromRemote = CHART_SECRETS.flatMap(s => {
      const r = releasesOf(addons).find(x => x.name === s.release);
      if (r === undefined) return [];
      expect({ release: s.release, version: r.version }).toEqual({ release: s.release, version: s.version });
      return [`${objectNamespace(r)}/${s.secret}`];
    });
    // a local chart's own Secrets, and the target of each ExternalSecret (created in the ExternalSecret's namespace)
    const fromLocal = localObjects()
      .filter(o => o.kind === 'Secret' || o.kind === 'ExternalSecret')
      .map(o => {
        const target = o.kind === 'ExternalSecret' ? ((o.spec as Json).target as Json | undefined)?.name : undefined;
        return `${meta(o).namespace}/${(target as string | undefined) ?? meta(o).name}`;
      });
    return [...fromRemote, ...fromLocal];
  }

  test('the model is not vacuous: the plan role reads some Secrets, none of the application namespaces', () => {
    const bindings = planBindings();
    expect(bindings.length).toBeGreaterThan(1);
    expect(readsHelmState(bindings, 'addon-releases')).toBe(true);
    const apps = ENVIRONMENTS.find(e => e.name === env)!.argocd.project.namespaces;
    for (const ns of [...apps, 'default', 'kube-system'])
      expect([ns, readsAnySecret(bindings, ns)]).toEqual([ns, false]);
    // a rule with resourceNames allows a get of that name only, never a list
    const named: Binding[] = [
      { namespace: 'x', rules: [{ verbs: READ, apiGroups: [''], resources: ['secrets'], resourceNames: ['s'] }] },
    ];
    expect(allowed(named, { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'x', name: 's' })).toBe(true);
    expect(allowed(named, { verb: 'list', apiGroup: '', resource: 'secrets', namespace: 'x' })).toBe(false);
  });

  test('for every helm_release of every stack, the plan role gets and lists the Secrets of its namespace', () => {
    const bindings = planBindings();
    const all = ALL_STACK_IDS.filter(id => id.startsWith(`${env}-`)).flatMap(id => releasesOf(realStack(id)));
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const r of all)
      expect([r.name, r.namespace, readsHelmState(bindings, r.namespace as string)]).toEqual([
        r.name,
        r.namespace,
        true,
      ]);
  });

  test('no namespace where a chart puts a Secret of its own is readable, but the one documented exception', () => {
    const bindings = planBindings();
    const secrets = chartSecrets();
    expect(secrets).toEqual(
      expect.arrayContaining([
        'ingress-nginx/ingress-nginx-admission',
        'external-secrets/external-secrets-webhook',
        'argocd/argocd-secret',
      ]),
    );
    for (const s of secrets) {
      const [namespace, name] = s.split('/');
      const readable = readsAnySecret(bindings, namespace, name);
      expect({ secret: s, readable }).toEqual({ secret: s, readable: READABLE_CHART_SECRETS.has(s) });
    }
  });

  test('the exception exposes that key only: its namespace holds one release, whose state holds the key anyway', () => {
    const bindings = planBindings();
    for (const s of READABLE_CHART_SECRETS) {
      const [namespace] = s.split('/');
      expect(
        releasesOf(addons)
          .filter(r => r.namespace === namespace)
          .map(r => r.name),
      ).toEqual(['aws-load-balancer-controller']);
      expect(chartSecrets().filter(x => x.startsWith(`${namespace}/`))).toEqual([s]);
    }
    // every namespace whose Secrets the plan role reads is Helm state only, or one controller's own
    const readable = (
      list(eks, 'aws_eks_access_policy_association').find(
        a =>
          resolve(eks, a.principal_arn).principal_arn === plan &&
          a.policy_arn === accessPolicyArn(ADMIN_VIEW_POLICY, 'aws'),
      )!.access_scope as Json
    ).namespaces as string[];
    for (const ns of readable) expect(readsHelmState(bindings, ns)).toBe(true);
    expect([...readable].sort()).toEqual([...STATE_NAMESPACES, 'aws-load-balancer-controller', 'karpenter'].sort());
    // Karpenter's namespace: its chart renders no Secret (none listed above), and it is its only release
    expect(
      releasesOf(addons)
        .filter(r => r.namespace === 'karpenter')
        .map(r => r.name),
    ).toEqual(['karpenter']);
  });

  test('Helm-state-only namespaces: no release puts an object there, and no chart renders their Namespace', () => {
    for (const r of releasesOf(addons).filter(x => STATE_NAMESPACES.includes(x.namespace as string))) {
      // Helm creates the namespace before the release (create_namespace) and never deletes it on uninstall
      expect([r.name, r.create_namespace]).toEqual([r.name, true]);
      if (isLocal(r)) {
        const namespaced = renderedObjects(addonsId, r.name as string)
          .map(o => meta(o).namespace)
          .filter(ns => ns !== undefined);
        expect([r.name, namespaced.filter(ns => STATE_NAMESPACES.includes(ns!))]).toEqual([r.name, []]);
      } else if (!CLUSTER_SCOPED_CHARTS.has(r.chart as string)) {
        expect([r.name, STATE_NAMESPACES.includes(objectNamespace(r))]).toEqual([r.name, false]);
      }
    }
    // a release owning one of these Namespaces would delete the other releases' state when uninstalled
    const namespaces = localObjects()
      .filter(o => o.kind === 'Namespace')
      .map(o => meta(o).name);
    expect(namespaces.filter(ns => STATE_NAMESPACES.includes(ns))).toEqual([]);
  });

  test.each(MOVED.map(m => [m.release, m] as const))(
    '%s: Helm state in addon-releases, objects in their namespace',
    (_, m) => {
      const r = releasesOf(addons).find(x => x.name === m.release);
      if (r === undefined) {
        expect(m.release).toBe('external-dns'); // only an environment with a domain runs it
        return;
      }
      // the chart supports moving every namespaced object at this version: m.helper
      expect(r).toMatchObject({ version: m.version, namespace: 'addon-releases' });
      expect(valuesOf(r).namespaceOverride).toBe(m.objects);
    },
  );

  test('every namespace a chart moves its objects to exists first: a release renders it, waited for', () => {
    const all = Object.entries(resources(addons, 'helm_release'));
    const owner = (ns: string) =>
      all.find(
        ([, r]) =>
          isLocal(r) &&
          renderedObjects(addonsId, r.name as string).some(o => o.kind === 'Namespace' && meta(o).name === ns),
      );
    const dependsOn = (name: string, seen = new Set<string>()): Set<string> => {
      for (const d of (resources(addons, 'helm_release')[name]?.depends_on as string[] | undefined) ?? []) {
        const dep = d.replace(/^helm_release\./, '');
        if (!seen.has(dep)) dependsOn(dep, seen.add(dep));
      }
      return seen;
    };
    const moved = all.filter(([, r]) => !isLocal(r) && objectNamespace(r) !== r.namespace);
    expect(moved.length).toBeGreaterThanOrEqual(5);
    for (const [name, r] of moved) {
      const ns = owner(objectNamespace(r));
      expect({ release: r.name, namespaceFirst: ns !== undefined && dependsOn(name).has(ns[0]) }).toEqual({
        release: r.name,
        namespaceFirst: true,
      });
    }
    // a local chart's objects name their namespace: the chart renders it itself (Helm installs Namespaces first), or a
    // release it waits for does
    for (const [name, r] of all.filter(([, x]) => isLocal(x) && x.namespace !== undefined)) {
      const namespaces = new Set(
        renderedObjects(addonsId, r.name as string)
          .map(o => meta(o).namespace)
          .filter(n => n !== undefined),
      );
      for (const ns of namespaces) {
        const o = owner(ns!);
        expect({
          release: r.name,
          ns,
          namespaceFirst: o !== undefined && (o[0] === name || dependsOn(name).has(o[0])),
        }).toEqual({ release: r.name, ns, namespaceFirst: true });
      }
    }
  });
});
