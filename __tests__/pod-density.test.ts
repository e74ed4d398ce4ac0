import { ENVIRONMENTS } from '../environments';
import { capacityGroups, isNitroFamily, PREFIX_DELEGATION_MAX_PODS } from '../modules/karpenter/pod-density';
import { Json, renderedObjects } from './addons-helpers';

/**
 * Every node's maxPods must be what its network can serve. Model (EKS user guide cni-increase-ip-addresses.html and
 * the VPC CNI's eni-max-pods formula):
 * - secondary IPs (Karpenter's default without kubelet.maxPods): ENIs x (IPv4 per ENI - 1) + 2
 * - prefix delegation (Nitro only): ENIs x (IPv4 per ENI - 1) x 16 + 2, EKS recommends at most 110 under 30 vCPUs.
 * ENI limits: EC2 instance-types guide, "Network specifications" (maximum ENIs, IPv4 addresses per ENI).
 */
interface InstanceType {
  readonly name: string;
  readonly vcpus: number;
  readonly enis: number;
  readonly ipsPerEni: number;
  readonly nitro: boolean;
}
const INSTANCE_TYPES: readonly InstanceType[] = [
  { name: 't2.micro', vcpus: 1, enis: 2, ipsPerEni: 2, nitro: false },
  { name: 't2.medium', vcpus: 2, enis: 3, ipsPerEni: 6, nitro: false },
  { name: 't2.large', vcpus: 2, enis: 3, ipsPerEni: 12, nitro: false },
  { name: 't3.nano', vcpus: 2, enis: 2, ipsPerEni: 2, nitro: true },
  { name: 't3.micro', vcpus: 2, enis: 2, ipsPerEni: 2, nitro: true },
  { name: 't3.small', vcpus: 2, enis: 3, ipsPerEni: 4, nitro: true },
  { name: 't3.medium', vcpus: 2, enis: 3, ipsPerEni: 6, nitro: true },
  { name: 't3.large', vcpus: 2, enis: 3, ipsPerEni: 12, nitro: true },
  { name: 't3a.small', vcpus: 2, enis: 2, ipsPerEni: 4, nitro: true },
  { name: 't3a.medium', vcpus: 2, enis: 3, ipsPerEni: 6, nitro: true },
  { name: 't3a.xlarge', vcpus: 4, enis: 4, ipsPerEni: 15, nitro: true },
  { name: 'm5.large', vcpus: 2, enis: 3, ipsPerEni: 10, nitro: true },
  { name: 'm6i.large', vcpus: 2, enis: 3, ipsPerEni: 10, nitro: true },
  { name: 'c5.large', vcpus: 2, enis: 3, ipsPerEni: 10, nitro: true },
  { name: 'c5.xlarge', vcpus: 4, enis: 4, ipsPerEni: 15, nitro: true },
  { name: 'c7a.medium', vcpus: 1, enis: 2, ipsPerEni: 4, nitro: true },
  { name: 'm7a.medium', vcpus: 1, enis: 2, ipsPerEni: 4, nitro: true },
];
const eniPods = (t: InstanceType) => t.enis * (t.ipsPerEni - 1) + 2;
const prefixPods = (t: InstanceType) => Math.min(t.enis * (t.ipsPerEni - 1) * 16 + 2, PREFIX_DELEGATION_MAX_PODS);

type Requirement = { key: string; operator: string; values: string[] };
/** The labels Karpenter gives an instance type (karpenter.k8s.aws/instance-*) for the keys the pools use. */
function labels(t: InstanceType): Record<string, string> {
  const [family, size] = t.name.split('.');
  return {
    'karpenter.k8s.aws/instance-family': family,
    'karpenter.k8s.aws/instance-size': size,
    'karpenter.k8s.aws/instance-cpu': String(t.vcpus),
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
  };
}
/** Kubernetes node-selector semantics (In, NotIn, Gt, Lt); capacity-type is an offering, not an instance label. */
function admits(requirements: Requirement[], t: InstanceType): boolean {
  const l = labels(t);
  return requirements
    .filter(r => r.key !== 'karpenter.sh/capacity-type')
    .every(r => {
      const v = l[r.key];
      if (v === undefined) throw new Error(`model has no label ${r.key}`);
      if (r.operator === 'In') return r.values.includes(v);
      if (r.operator === 'NotIn') return !r.values.includes(v);
      if (r.operator === 'Gt') return Number(v) > Number(r.values[0]);
      if (r.operator === 'Lt') return Number(v) < Number(r.values[0]);
      throw new Error(`operator ${r.operator}`);
    });
}

test('the model reproduces the numbers of the issue: a t3.medium gets 17 pods from its ENIs, 110 with prefixes', () => {
  const t3medium = INSTANCE_TYPES.find(t => t.name === 't3.medium')!;
  expect([eniPods(t3medium), prefixPods(t3medium)]).toEqual([17, 110]);
  expect(eniPods(INSTANCE_TYPES.find(t => t.name === 't2.medium')!)).toBe(17);
});

test('the module classes Nitro families as the table does', () => {
  for (const t of INSTANCE_TYPES) expect([t.name, isNitroFamily(t.name.split('.')[0])]).toEqual([t.name, t.nitro]);
});

describe.each(ENVIRONMENTS.map(e => e.name))('%s: every node gets a maxPods its network can serve', name => {
  const env = ENVIRONMENTS.find(e => e.name === name)!;
  const objects = () => renderedObjects(`${name}-addons`, 'karpenter-nodepools');

  test('each NodePool -> its EC2NodeClass -> maxPods; every admitted instance type can serve it', () => {
    const classes = new Map(
      objects()
        .filter(o => o.kind === 'EC2NodeClass')
        .map(o => [(o.metadata as Json).name as string, o.spec as Json]),
    );
    const pools = objects().filter(o => o.kind === 'NodePool');
    const served = new Set<string>();
    for (const pool of pools) {
      const spec = (pool.spec as { template: { spec: Json } }).template.spec;
      const nodeClass = classes.get((spec.nodeClassRef as Json).name as string)!;
      expect(nodeClass).toBeDefined();
      const maxPods = (nodeClass.kubelet as Json | undefined)?.maxPods as number | undefined;
      for (const t of INSTANCE_TYPES.filter(it => admits(spec.requirements as Requirement[], it))) {
        served.add(t.name);
        // without kubelet.maxPods Karpenter uses the ENI formula: right for non-Nitro, a waste for Nitro
        const given = maxPods ?? eniPods(t);
        const canServe = t.nitro ? prefixPods(t) : eniPods(t);
        expect({ type: t.name, maxPods: given }).toEqual({ type: t.name, maxPods: canServe });
      }
    }
    // every family of the environment is served by some pool, in at least one size of the table
    const families = env.karpenter.instanceFamilies.filter(f => INSTANCE_TYPES.some(t => t.name.startsWith(`${f}.`)));
    for (const f of families) expect([...served].some(t => t.startsWith(`${f}.`))).toBe(true);
  });

  test('the pools together keep the configured CPU limit', () => {
    const total = objects()
      .filter(o => o.kind === 'NodePool')
      .reduce((sum, p) => sum + (((p.spec as Json).limits as Json).cpu as number), 0);
    expect(total).toBe(env.karpenter.cpuLimit);
  });
});

test('dev (t3, t3a, t2) gets two pools; a Nitro-only list one', () => {
  expect(capacityGroups(['t3', 't3a', 't2'], 20).map(g => [g.name, g.instanceFamilies, g.cpuLimit, g.maxPods])).toEqual(
    [
      ['default', ['t3', 't3a'], 14, 110],
      ['non-nitro', ['t2'], 6, undefined],
    ],
  );
  expect(capacityGroups(['m5', 'c5'], 20)).toHaveLength(1);
});
