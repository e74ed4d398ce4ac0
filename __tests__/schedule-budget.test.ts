import { ENVIRONMENTS } from '../environments';
import {
  assertScheduleBudget,
  cpuMillis,
  EKS_MANAGED_SYSTEM_PODS,
  kubeReservedCpuMillis,
  kubeReservedMemoryMiB,
  memoryMiB,
  MIN_HEADROOM,
  nodeAllocatable,
  scheduleBudget,
} from '../modules/addons/schedule-budget';
import { buildTestPlatform, realPlatform, withEnv } from './helpers';

describe('allocatable of a system node (AL2023 EKS AMI formulas)', () => {
  test('t3.medium: 2000m - 70m CPU; 4096Mi - (11 x 110 + 255)Mi - 100Mi eviction', () => {
    expect(kubeReservedCpuMillis(2000)).toBe(70);
    expect(kubeReservedMemoryMiB(110)).toBe(1465);
    expect(nodeAllocatable('t3.medium')).toEqual({ cpuMillis: 1930, memoryMiB: 2531 });
  });

  test('kube-reserved CPU follows the ranges beyond two cores', () => {
    expect(kubeReservedCpuMillis(1000)).toBe(60);
    expect(kubeReservedCpuMillis(4000)).toBe(80);
    expect(kubeReservedCpuMillis(8000)).toBe(90);
  });

  test('fails: an instance type without known capacity', () => {
    expect(() => nodeAllocatable('x9.huge')).toThrow(/instanceType of the system node group must be one of t3.medium.*got "x9.huge"/);
  });

  test('quantities: millicores and MiB', () => {
    expect([cpuMillis('250m'), cpuMillis('1'), cpuMillis('0.5')]).toEqual([250, 1000, 500]);
    expect([memoryMiB('128Mi'), memoryMiB('1Gi')]).toEqual([128, 1024]);
    expect(() => cpuMillis('1 core')).toThrow(/CPU quantity .*"1 core"/);
    expect(() => memoryMiB('1G')).toThrow(/memory quantity .*"1G"/);
  });
});

describe('scheduleBudget', () => {
  test('DaemonSets count once per node, Deployments by replicas', () => {
    const budget = scheduleBudget('t3.medium', 2, [
      { name: 'ds', replicas: 99, daemonSet: true, cpuMillis: 10, memoryMiB: 20 },
      { name: 'deploy', replicas: 3, cpuMillis: 100, memoryMiB: 50 },
    ]);
    expect(budget.requested).toEqual({ cpuMillis: 2 * 10 + 3 * 100, memoryMiB: 2 * 20 + 3 * 50 });
    expect(budget.allocatable).toEqual({ cpuMillis: 3860, memoryMiB: 5062 });
  });

  test('the EKS-managed pods are counted: aws-node, kube-proxy, pod identity agent, EBS CSI node + controller, coredns x2, metrics-server', () => {
    expect(EKS_MANAGED_SYSTEM_PODS.map(p => p.name).sort()).toEqual(
      ['aws-node', 'coredns', 'ebs-csi-controller', 'ebs-csi-node', 'eks-pod-identity-agent', 'kube-proxy', 'metrics-server'],
    );
    expect(EKS_MANAGED_SYSTEM_PODS.find(p => p.name === 'coredns')?.replicas).toBe(2);
  });

  test('fails: below the headroom, with the environment, the figures and the fix in the message', () => {
    const budget = scheduleBudget('t3.medium', 2, [{ name: 'big', replicas: 1, cpuMillis: 100, memoryMiB: 4500 }]);
    expect(() => assertScheduleBudget('dev', budget)).toThrow(
      /^dev: the pods pinned to the system nodes do not fit 2 x t3.medium with 20% headroom: memory 4500Mi of 5062Mi allocatable \(11% headroom\)/,
    );
  });
});

describe.each(['dev', 'prod'])('%s schedule budget of the real configuration', env => {
  test('fits 2 x t3.medium with at least 20% headroom on CPU and memory', () => {
    const budget = realPlatform().environments[env].addons.scheduleBudget;
    expect(budget).toMatchObject({ instanceType: 't3.medium', nodes: 2 });
    expect(budget.headroom.cpu).toBeGreaterThanOrEqual(MIN_HEADROOM);
    expect(budget.headroom.memory).toBeGreaterThanOrEqual(MIN_HEADROOM);
  });

  test('fails: synth refuses 6 Karpenter controller replicas with a clear message', () => {
    const base = ENVIRONMENTS.find(e => e.name === env)!;
    const six = withEnv(base, e => {
      e.karpenter.controllerReplicas = 6;
    });
    expect(() => buildTestPlatform([six])).toThrow(
      new RegExp(`^${env}: the pods pinned to the system nodes do not fit 2 x t3.medium with 20% headroom: memory .*${env}\\.karpenter\\.controllerReplicas`),
    );
  });
});
