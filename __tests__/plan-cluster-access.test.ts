import { ENVIRONMENTS, platform } from '../environments';
import { ACCESS_POLICIES, accessPolicyArn, ADMIN_VIEW_POLICY } from '../modules/cluster/access-entries';
import { ADDON_RELEASE_NAMESPACES, ciRoleNames, roleArn } from '../modules/naming';
import { realStack } from './read-helpers';
import { list, resolve } from './tf-json';

/**
 * What the CI plan role may do inside each cluster, decided like the Kubernetes API server does. Its access entry's
 * policy associations act as RBAC bindings (EKS user guide, "Associate access policies with access entries": a
 * `namespace` scope is a RoleBinding of the policy in each listed namespace, a `cluster` scope a ClusterRoleBinding);
 * a request is allowed when any bound rule matches its verb, API group and resource (Kubernetes docs, "Using RBAC
 * Authorization": RBAC is purely additive, there are no deny rules).
 */
interface Rule {
  readonly verbs: readonly string[];
  readonly resources: readonly string[];
}

/**
 * The EKS access policies as RBAC rules, for the core resources these tests ask about (EKS user guide, "Review access
 * policy permissions"): AmazonEKSViewPolicy reads most resources but not Secrets; AmazonEKSAdminViewPolicy reads every
 * resource, Secrets included; AmazonEKSClusterAdminPolicy may do anything.
 */
const POLICY_RULES: Readonly<Record<string, readonly Rule[]>> = {
  [accessPolicyArn(ACCESS_POLICIES.view, 'aws')]: [
    { verbs: ['get', 'list', 'watch'], resources: ['configmaps', 'pods', 'services', 'deployments', 'namespaces'] },
  ],
  [accessPolicyArn(ADMIN_VIEW_POLICY, 'aws')]: [{ verbs: ['get', 'list', 'watch'], resources: ['*'] }],
  [accessPolicyArn(ACCESS_POLICIES.admin, 'aws')]: [{ verbs: ['*'], resources: ['*'] }],
};

interface Binding {
  readonly rules: readonly Rule[];
  /** `undefined`: cluster-wide. */
  readonly namespaces?: readonly string[];
}

function allowed(bindings: readonly Binding[], verb: string, resource: string, namespace: string): boolean {
  return bindings.some(
    b =>
      (b.namespaces === undefined || b.namespaces.includes(namespace)) &&
      b.rules.some(
        r =>
          (r.verbs.includes('*') || r.verbs.includes(verb)) &&
          (r.resources.includes('*') || r.resources.includes(resource)),
      ),
  );
}

describe.each(ENVIRONMENTS.map(e => [e.name, e] as const))('%s: the plan role in the cluster', (name, env) => {
  const stack = realStack(`${name}-eks`);
  const plan = roleArn(platform, ciRoleNames(platform, name).plan);
  const bindings: Binding[] = list(stack, 'aws_eks_access_policy_association')
    .filter(a => resolve(stack, a.principal_arn).principal_arn === plan)
    .map(a => {
      const scope = a.access_scope as { type: string; namespaces?: string[] };
      const rules = POLICY_RULES[String(a.policy_arn)];
      if (rules === undefined) throw new Error(`no model of the access policy ${String(a.policy_arn)}`);
      return { rules, namespaces: scope.type === 'namespace' ? scope.namespaces : undefined };
    });

  test('reads the Helm release state of every add-on namespace (a plan refreshes each helm_release)', () => {
    expect(bindings.length).toBeGreaterThan(0);
    for (const ns of ADDON_RELEASE_NAMESPACES) {
      for (const verb of ['get', 'list'])
        expect([ns, verb, allowed(bindings, verb, 'secrets', ns)]).toEqual([ns, verb, true]);
    }
  });

  test('reads no Secret of the application namespaces, of Argo CD or of default', () => {
    const namespaces = [
      ...new Set([...env.argocd.project.namespaces, ...env.secrets.readablePrefixes, 'argocd', 'default']),
    ];
    for (const ns of namespaces) {
      for (const verb of ['get', 'list', 'watch'])
        expect([ns, verb, allowed(bindings, verb, 'secrets', ns)]).toEqual([ns, verb, false]);
    }
  });

  test('changes nothing anywhere', () => {
    for (const ns of [...ADDON_RELEASE_NAMESPACES, 'argocd', 'dev']) {
      for (const [verb, resource] of [
        ['create', 'pods'],
        ['delete', 'secrets'],
        ['update', 'configmaps'],
        ['patch', 'deployments'],
      ]) {
        expect([ns, verb, resource, allowed(bindings, verb, resource, ns)]).toEqual([ns, verb, resource, false]);
      }
    }
  });

  test('the model is not vacuous: the apply role, cluster admin, may read any Secret', () => {
    const apply = roleArn(platform, ciRoleNames(platform, name).apply);
    const admin = list(stack, 'aws_eks_access_policy_association')
      .filter(a => resolve(stack, a.principal_arn).principal_arn === apply)
      .map(a => ({ rules: POLICY_RULES[String(a.policy_arn)] }));
    expect(allowed(admin, 'get', 'secrets', 'argocd')).toBe(true);
  });
});
