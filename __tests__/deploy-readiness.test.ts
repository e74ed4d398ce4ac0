import { HELM_MAX_HISTORY } from '../modules/addons/helm-addon';
import { POD_IDENTITY_PROPAGATION_SECONDS } from '../modules/cluster/pod-identity-propagation';
import { addresses, Json, ref, releaseValues, renderedObjects, synthesizedApp } from './addons-helpers';
import { ALL_STACK_IDS, ENV_NAMES, resources } from './read-helpers';

/** Readiness of the first apply across every stack: Helm history, Pod Identity propagation, drain bounds. */

const stacksWithReleases = () =>
  ALL_STACK_IDS.filter(id => Object.keys(resources(synthesizedApp().stack(id), 'helm_release')).length > 0);

/** Karpenter v1 duration (`1h30m`, `90s`) in seconds. */
function durationSeconds(value: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600 };
  const parts = [...value.matchAll(/(\d+)([smh])/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== value) throw new Error(`not a duration: ${value}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
}

/** Every `serviceAccount: { name }` a release's values give its pods (the charts' common values shape). */
function serviceAccountsOf(values: unknown): string[] {
  if (values === null || typeof values !== 'object') return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(values as Json)) {
    if (
      key === 'serviceAccount' &&
      value !== null &&
      typeof value === 'object' &&
      typeof (value as Json).name === 'string'
    ) {
      found.push((value as Json).name as string);
    }
    found.push(...serviceAccountsOf(value));
  }
  return found;
}

describe('Helm release history', () => {
  test('there are releases in the addons stacks of every environment', () => {
    expect(stacksWithReleases()).toEqual(ENV_NAMES.map(e => `${e}-addons`));
  });

  test.each(ENV_NAMES.map(e => `${e}-addons`))(
    '%s: every helm_release caps its history (the provider default 0 keeps all)',
    id => {
      const all = Object.values(resources(synthesizedApp().stack(id), 'helm_release'));
      expect(all.length).toBeGreaterThan(5);
      for (const r of all)
        expect({ release: r.name, max_history: r.max_history }).toEqual({
          release: r.name,
          max_history: HELM_MAX_HISTORY,
        });
      expect(HELM_MAX_HISTORY).toBeGreaterThan(1); // a rollback needs the previous revision
    },
  );
});

describe.each(ENV_NAMES)('%s: Pod Identity is eventually consistent', env => {
  const id = `${env}-addons`;
  const stack = () => synthesizedApp().stack(id);

  /** Releases whose pods use the association: same namespace, and the release's values name its service account. */
  function releasesUsing(association: Json): string[] {
    return (
      Object.entries(resources(stack(), 'helm_release'))
        // a chart with `namespaceOverride` creates its service account there, not in the release namespace
        .filter(
          ([, r]) =>
            ((releaseValues(r).namespaceOverride as string | undefined) ?? r.namespace) === association.namespace &&
            serviceAccountsOf(releaseValues(r)).includes(association.service_account as string),
        )
        .map(([name]) => `helm_release.${name}`)
    );
  }

  test('every association is used by a release (so the derivation below covers them all)', () => {
    const associations = Object.values(resources(stack(), 'aws_eks_pod_identity_association'));
    // Karpenter, load balancer controller, External Secrets, Loki
    expect(associations.length).toBeGreaterThanOrEqual(4);
    for (const a of associations)
      expect({ sa: a.service_account, releases: releasesUsing(a).length }).toEqual({
        sa: a.service_account,
        releases: 1,
      });
  });

  test('each such release waits on a time_sleep that waits on its association and the role permissions', () => {
    const s = stack();
    const sleeps = resources(s, 'time_sleep');
    for (const [name, association] of Object.entries(resources(s, 'aws_eks_pod_identity_association'))) {
      const associationAddress = `aws_eks_pod_identity_association.${name}`;
      const waits = Object.entries(sleeps).filter(([, sl]) => (sl.depends_on as string[]).includes(associationAddress));
      expect(waits).toHaveLength(1);
      const [sleepName, sleep] = waits[0];
      expect(sleep.create_duration).toBe(`${POD_IDENTITY_PROPAGATION_SECONDS}s`);
      expect(POD_IDENTITY_PROPAGATION_SECONDS).toBeGreaterThanOrEqual(10); // "several seconds" (EKS API reference)
      // a replaced association waits again
      expect(sleep.triggers).toEqual({ association: ref(associationAddress, 'association_id') });
      // the role's permissions too: credentials without them fail the same way
      const role = (association.role_arn as string).replace(/\.arn\}$/, '.');
      const permissions = [
        ...addresses(s, 'aws_iam_role_policy_attachment', a => String(a.role).startsWith(role)),
        ...addresses(s, 'aws_iam_role_policy', p => String(p.role).startsWith(role)),
      ];
      expect(permissions.length).toBeGreaterThanOrEqual(1);
      expect(sleep.depends_on).toEqual(expect.arrayContaining(permissions));
      for (const release of releasesUsing(association)) {
        expect({ release, depends_on: resources(s, 'helm_release')[release.split('.')[1]].depends_on }).toEqual({
          release,
          depends_on: expect.arrayContaining([`time_sleep.${sleepName}`]),
        });
      }
    }
  });

  test('the stack configures the hashicorp/time provider the sleeps use', () => {
    const s = stack() as Json;
    expect(((s.terraform as Json).required_providers as Json).time).toMatchObject({ source: 'hashicorp/time' });
  });
});

describe.each(ENV_NAMES)('%s: drains end before the releases time out', env => {
  test('NodePool terminationGracePeriod < the timeout of every helm release of the layer', () => {
    const id = `${env}-addons`;
    const pools = renderedObjects(id, 'karpenter-nodepools').filter(o => o.kind === 'NodePool');
    expect(pools.length).toBeGreaterThanOrEqual(1);
    const timeouts = Object.values(resources(synthesizedApp().stack(id), 'helm_release')).map(r => r.timeout as number);
    expect(timeouts.every(t => Number.isInteger(t) && t > 0)).toBe(true);
    for (const pool of pools) {
      const grace = ((pool.spec as Json).template as { spec: Json }).spec.terminationGracePeriod as string;
      // Karpenter v1: after terminationGracePeriod a draining node is deleted whatever PDBs or do-not-disrupt say
      expect(durationSeconds(grace)).toBeLessThan(Math.min(...timeouts));
    }
  });
});
