import type { ResourceQuantities } from '../../environments/types';
import type { SystemPodRequest } from './helm-addon';

/**
 * The two tainted system nodes are a budget (DESIGN decision 14): everything pinned to them must fit with headroom,
 * or a rollout (surge pods), a node replacement or a busy controller leaves pods Pending with no Karpenter capacity
 * to fall back on. This sums the requests per environment and compares them with the node group's allocatable.
 */

/** Headroom required on both CPU and memory, as a fraction of allocatable. */
export const MIN_HEADROOM = 0.2;

/**
 * Nominal capacity of the instance types a system node group may use, and the pods per node the kubelet allows.
 * maxPods 110: EKS's value with VPC CNI prefix delegation for instances under 30 vCPUs; the ENI limit of a
 * t3.medium would be 17. The larger figure reserves more memory (below), so the budget stays on the safe side.
 */
export const SYSTEM_INSTANCE_TYPES: Readonly<
  Record<string, { cpuMillis: number; memoryMiB: number; maxPods: number }>
> = {
  't3.medium': { cpuMillis: 2000, memoryMiB: 4096, maxPods: 110 },
  't3.large': { cpuMillis: 2000, memoryMiB: 8192, maxPods: 110 },
  'm5.large': { cpuMillis: 2000, memoryMiB: 8192, maxPods: 110 },
};

/** The kubelet's hard eviction threshold on the AL2023 EKS AMI (`memory.available: 100Mi`). */
export const EVICTION_HARD_MEMORY_MIB = 100;

/**
 * kube-reserved CPU on the AL2023 EKS AMI (nodeadm `getCPUMillicoresToReserve`, amazon-eks-ami v20260714):
 * 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% of the rest. 2 vCPUs -> 70m.
 */
export function kubeReservedCpuMillis(cpuMillis: number): number {
  const ranges: [number, number, number][] = [
    [0, 1000, 600],
    [1000, 2000, 100],
    [2000, 4000, 50],
    [4000, Infinity, 25],
  ];
  return ranges.reduce(
    (sum, [from, to, per10k]) => sum + (Math.max(0, Math.min(cpuMillis, to) - from) * per10k) / 10000,
    0,
  );
}

/** kube-reserved memory on the AL2023 EKS AMI (nodeadm `getMemoryMebibytesToReserve`): 11 MiB per pod + 255 MiB. */
export function kubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

/** Allocatable of one node: capacity minus kube-reserved (and the eviction threshold for memory). */
export function nodeAllocatable(instanceType: string): { cpuMillis: number; memoryMiB: number } {
  const type = SYSTEM_INSTANCE_TYPES[instanceType];
  if (type === undefined) {
    throw new Error(
      `instanceType of the system node group must be one of ${Object.keys(SYSTEM_INSTANCE_TYPES).join(', ')} for ` +
        `the schedule budget, got "${instanceType}"`,
    );
  }
  return {
    cpuMillis: type.cpuMillis - kubeReservedCpuMillis(type.cpuMillis),
    memoryMiB: type.memoryMiB - kubeReservedMemoryMiB(type.maxPods) - EVICTION_HARD_MEMORY_MIB,
  };
}

/** `250m` or `1` -> millicores. */
export function cpuMillis(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (m === null) throw new Error(`CPU quantity must look like 250m or 1, got "${quantity}"`);
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** `128Mi` or `1Gi` -> MiB. */
export function memoryMiB(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(quantity);
  if (m === null) throw new Error(`memory quantity must look like 128Mi or 1Gi, got "${quantity}"`);
  return m[2] === 'Gi' ? Number(m[1]) * 1024 : Number(m[1]);
}

/** A {@link SystemPodRequest} from Kubernetes quantities. */
export function systemPod(name: string, replicas: number, requests: ResourceQuantities): SystemPodRequest {
  return { name, replicas, cpuMillis: cpuMillis(requests.cpu), memoryMiB: memoryMiB(requests.memory) };
}

/**
 * What EKS itself runs on every system node, with the default requests of the EKS add-ons:
 * - aws-node: 25m for the CNI container (aws/amazon-vpc-cni-k8s `charts/aws-vpc-cni/values.yaml`), node agent none;
 * - kube-proxy: 100m (the EKS kube-proxy add-on manifest);
 * - eks-pod-identity-agent: none (aws/eks-pod-identity-agent chart `resources: {}`), counted at 0;
 * - ebs-csi-node: 3 containers x 10m / 40Mi (kubernetes-sigs/aws-ebs-csi-driver chart `node.resources`, sidecars
 * inherit);
 * - coredns: 2 x 100m / 70Mi (the EKS coredns add-on);
 * - metrics-server: 1 x 100m / 200Mi (kubernetes-sigs/metrics-server chart defaults);
 * - ebs-csi-controller: 2 x 7 containers x 10m / 40Mi (`controller.resources`, sidecars inherit).
 */
export const EKS_MANAGED_SYSTEM_PODS: readonly SystemPodRequest[] = [
  { name: 'aws-node', replicas: 1, daemonSet: true, cpuMillis: 25, memoryMiB: 0 },
  { name: 'kube-proxy', replicas: 1, daemonSet: true, cpuMillis: 100, memoryMiB: 0 },
  { name: 'eks-pod-identity-agent', replicas: 1, daemonSet: true, cpuMillis: 0, memoryMiB: 0 },
  { name: 'ebs-csi-node', replicas: 1, daemonSet: true, cpuMillis: 30, memoryMiB: 120 },
  { name: 'coredns', replicas: 2, cpuMillis: 100, memoryMiB: 70 },
  { name: 'metrics-server', replicas: 1, cpuMillis: 100, memoryMiB: 200 },
  { name: 'ebs-csi-controller', replicas: 2, cpuMillis: 70, memoryMiB: 280 },
];

export interface ScheduleBudget {
  readonly instanceType: string;
  readonly nodes: number;
  /** What was counted. */
  readonly pods: readonly SystemPodRequest[];
  readonly requested: { readonly cpuMillis: number; readonly memoryMiB: number };
  readonly allocatable: { readonly cpuMillis: number; readonly memoryMiB: number };
  /** Unrequested fraction of allocatable, 0..1 (negative when over-committed). */
  readonly headroom: { readonly cpu: number; readonly memory: number };
}

/** Sums replicas x requests (DaemonSets once per node) against `nodes` x allocatable. */
export function scheduleBudget(instanceType: string, nodes: number, pods: readonly SystemPodRequest[]): ScheduleBudget {
  const perNode = nodeAllocatable(instanceType);
  const count = (p: SystemPodRequest) => (p.daemonSet ? nodes : p.replicas);
  const requested = {
    cpuMillis: pods.reduce((sum, p) => sum + count(p) * p.cpuMillis, 0),
    memoryMiB: pods.reduce((sum, p) => sum + count(p) * p.memoryMiB, 0),
  };
  const allocatable = { cpuMillis: perNode.cpuMillis * nodes, memoryMiB: perNode.memoryMiB * nodes };
  return {
    instanceType,
    nodes,
    pods,
    requested,
    allocatable,
    headroom: {
      cpu: 1 - requested.cpuMillis / allocatable.cpuMillis,
      memory: 1 - requested.memoryMiB / allocatable.memoryMiB,
    },
  };
}

/** Throws when CPU or memory headroom is below `minHeadroom`, naming the environment, the figures and the fix. */
export function assertScheduleBudget(
  environment: string,
  budget: ScheduleBudget,
  minHeadroom: number = MIN_HEADROOM,
): void {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  // Requests against the allowed share of allocatable, not the headroom fraction: 1 - 3088/3860 is
  // 0.19999999999999996 in floating point, which refused exactly 20% headroom.
  const fits = (requested: number, allocatable: number) => requested <= allocatable * (1 - minHeadroom);
  const short: string[] = [];
  if (!fits(budget.requested.cpuMillis, budget.allocatable.cpuMillis)) {
    short.push(
      `CPU ${budget.requested.cpuMillis}m of ${budget.allocatable.cpuMillis}m allocatable ` +
        `(${pct(budget.headroom.cpu)} headroom)`,
    );
  }
  if (!fits(budget.requested.memoryMiB, budget.allocatable.memoryMiB)) {
    short.push(
      `memory ${budget.requested.memoryMiB}Mi of ${budget.allocatable.memoryMiB}Mi allocatable ` +
        `(${pct(budget.headroom.memory)} headroom)`,
    );
  }
  if (short.length > 0) {
    throw new Error(
      `${environment}: the pods pinned to the system nodes do not fit ${budget.nodes} x ${budget.instanceType} with ` +
        `${pct(minHeadroom)} headroom: ${short.join('; ')}. Lower add-on replicas or requests (e.g. ` +
        `${environment}.karpenter.controllerReplicas) ` +
        `or use a larger system node group.`,
    );
  }
}
