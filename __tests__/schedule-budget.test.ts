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
import { joinedRegExp } from './regexp';

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

  test('t3.large and m5.large: 2000m - 70m CPU; 8192Mi - 1465Mi - 100Mi = 6627Mi', () => {
    expect(nodeAllocatable('t3.large')).toEqual({ cpuMillis: 1930, memoryMiB: 6627 });
    expect(nodeAllocatable('m5.large')).toEqual({ cpuMillis: 1930, memoryMiB: 6627 });
  });

  test('fails: an instance type without known capacity, listing the known ones', () => {
    expect(() => nodeAllocatable('x9.huge')).toThrow(
      'instanceType of the system node group must be one of t3.medium, t3.large, m5.large for the schedule budget, ' +
        'got "x9.huge"',
    );
  });

  test('quantities: millicores and MiB', () => {
    expect([cpuMillis('250m'), cpuMillis('1'), cpuMillis('0.5'), cpuMillis('0.25')]).toEqual([250, 1000, 500, 250]);
    expect([memoryMiB('128Mi'), memoryMiB('1Gi'), memoryMiB('1.5Gi'), memoryMiB('1.25Gi')]).toEqual([
      128, 1024, 1536, 1280,
    ]);
    expect(() => cpuMillis('1 core')).toThrow(/CPU quantity .*"1 core"/);
    expect(() => memoryMiB('1G')).toThrow(/memory quantity .*"1G"/);
  });

  test('fails: a quantity with anything before or after the number and its unit', () => {
    for (const bad of ['x250m', '-1', '250mm']) expect(() => cpuMillis(bad)).toThrow(`got "${bad}"`);
    for (const bad of ['x128Mi', '-1Gi', '128Mix', '1GiB']) expect(() => memoryMiB(bad)).toThrow(`got "${bad}"`);
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

  test(
    'the EKS-managed pods are counted: aws-node, kube-proxy, pod identity agent, EBS CSI node + controller, ' +
      'coredns x2, metrics-server',
    () => {
      expect(EKS_MANAGED_SYSTEM_PODS.map(p => p.name).sort()).toEqual([
        'aws-node',
        'coredns',
        'ebs-csi-controller',
        'ebs-csi-node',
        'eks-pod-identity-agent',
        'kube-proxy',
        'metrics-server',
      ]);
      expect(EKS_MANAGED_SYSTEM_PODS.find(p => p.name === 'coredns')?.replicas).toBe(2);
    },
  );

  test(
    'aws-node, kube-proxy, the pod identity agent and the EBS CSI node plugin are DaemonSets: one pod per ' + 'node',
    () => {
      const daemonSets = EKS_MANAGED_SYSTEM_PODS.filter(p => p.daemonSet === true).map(p => p.name);
      expect(daemonSets.sort()).toEqual(['aws-node', 'ebs-csi-node', 'eks-pod-identity-agent', 'kube-proxy']);
      // 3 nodes: DaemonSets 3 x (25 + 100 + 0 + 30)m = 465m and 3 x 120Mi = 360Mi; Deployments coredns 2 x 100m/70Mi,
      // metrics-server 100m/200Mi, EBS CSI controller 2 x 70m/280Mi = 440m/900Mi. Total 905m, 1260Mi.
      expect(scheduleBudget('t3.medium', 3, EKS_MANAGED_SYSTEM_PODS).requested).toEqual({
        cpuMillis: 905,
        memoryMiB: 1260,
      });
    },
  );

  test('headroom is the unrequested fraction of allocatable, negative when over-committed', () => {
    // 2 x t3.medium: 3860m, 5062Mi allocatable. 965m -> 1 - 965/3860 = 0.75; 7593Mi -> 1 - 7593/5062 = -0.5.
    const budget = scheduleBudget('t3.medium', 2, [{ name: 'p', replicas: 1, cpuMillis: 965, memoryMiB: 7593 }]);
    expect(budget.headroom).toEqual({ cpu: 0.75, memory: -0.5 });
  });

  test('fails: below the headroom, with the environment, the figures and the fix in the message', () => {
    const budget = scheduleBudget('t3.medium', 2, [{ name: 'big', replicas: 1, cpuMillis: 100, memoryMiB: 4500 }]);
    expect(() => assertScheduleBudget('dev', budget)).toThrow(
      joinedRegExp(
        /^dev: the pods pinned to the system nodes do not fit 2 x t3.medium with 20% headroom: memory /,
        /4500Mi of 5062Mi allocatable \(11% headroom\)/,
      ),
    );
  });

  test('fails: short on CPU and memory, both named in one message with the fix', () => {
    // 3600m of 3860m leaves 1 - 3600/3860 = 6.7% -> "7%"; 4800Mi of 5062Mi leaves 5.2% -> "5%".
    const budget = scheduleBudget('t3.medium', 2, [{ name: 'big', replicas: 1, cpuMillis: 3600, memoryMiB: 4800 }]);
    expect(() => assertScheduleBudget('prod', budget)).toThrow(
      'prod: the pods pinned to the system nodes do not fit 2 x t3.medium with 20% headroom: ' +
        'CPU 3600m of 3860m allocatable (7% headroom); memory 4800Mi of 5062Mi allocatable (5% headroom). ' +
        'Lower add-on replicas or requests (e.g. prod.karpenter.controllerReplicas) or use a larger system node group.',
    );
  });

  test('exactly 20% headroom is enough, one unit more requested is not', () => {
    // 2 x t3.medium: 80% of 3860m is 3088m; 80% of 5062Mi is 4049.6Mi, so 4049Mi fits and 4050Mi does not.
    const budget = (cpu: number, memory: number) =>
      scheduleBudget('t3.medium', 2, [{ name: 'p', replicas: 1, cpuMillis: cpu, memoryMiB: memory }]);
    expect(() => assertScheduleBudget('dev', budget(3088, 4049))).not.toThrow();
    expect(() => assertScheduleBudget('dev', budget(3089, 4049))).toThrow(
      /: CPU 3089m of 3860m allocatable \(20% headroom\)\. Lower/,
    );
    expect(() => assertScheduleBudget('dev', budget(3088, 4050))).toThrow(
      /: memory 4050Mi of 5062Mi allocatable \(20% headroom\)\. Lower/,
    );
  });

  test('a minimum headroom other than the default: exactly half free passes 50%', () => {
    // 1930m of 3860m and 2531Mi of 5062Mi leave exactly 0.5; one more unit leaves less.
    const budget = (cpu: number, memory: number) =>
      scheduleBudget('t3.medium', 2, [{ name: 'p', replicas: 1, cpuMillis: cpu, memoryMiB: memory }]);
    expect(() => assertScheduleBudget('dev', budget(1930, 2531), 0.5)).not.toThrow();
    expect(() => assertScheduleBudget('dev', budget(1931, 2531), 0.5)).toThrow(/with 50% headroom: CPU 1931m/);
    expect(() => assertScheduleBudget('dev', budget(1930, 2532), 0.5)).toThrow(/with 50% headroom: memory 2532Mi/);
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
      new RegExp(
        `^${env}: the pods pinned to the system nodes do not fit 2 x t3.medium with 20% headroom: memory ` +
          `.*${env}\\.karpenter\\.controllerReplicas`,
      ),
    );
  });
});
