import type { KarpenterConfig } from '../../environments/types';
import { ConfigError, collectErrors } from '../config-errors';
import { familyArchitecture, isEc2InstanceFamily, similarFamilies } from './instance-families';
import { KARPENTER_DURATION, NODE_POOL_ARCHITECTURES } from './node-pool';
import { capacityGroups } from './pod-density';

/** The rules of {@link Karpenter}'s configuration props; `at` names them (`dev.karpenter` up front). */
export function validateKarpenterProps(props: KarpenterConfig, at: string): ConfigError[] {
  return collectErrors(at, check => {
    check(
      props.instanceFamilies.length > 0,
      'instanceFamilies',
      props.instanceFamilies,
      'expected at least one EC2 instance family',
    );
    for (const family of props.instanceFamilies) {
      check(
        /^[a-z][a-z0-9-]*$/.test(family),
        'instanceFamilies[]',
        family,
        'expected an instance family such as m5 or t3a',
      );
      check(
        isEc2InstanceFamily(family),
        'instanceFamilies[]',
        family,
        'not an EC2 instance family (the instance types of @aws-sdk/client-ec2); expected one such as ' +
          similarFamilies(family).join(', '),
      );
      const arch = familyArchitecture(family);
      check(
        (NODE_POOL_ARCHITECTURES as readonly string[]).includes(arch),
        'instanceFamilies[]',
        family,
        `an ${arch} (Graviton) family, but the NodePool allows ${NODE_POOL_ARCHITECTURES.join(', ')} only ` +
          '(kubernetes.io/arch); expected an x86_64 family such as m5, m6i, c5, t3',
      );
    }
    check(
      props.capacityTypes.length > 0 && props.capacityTypes.every(t => t === 'spot' || t === 'on-demand'),
      'capacityTypes',
      props.capacityTypes,
      'expected a non-empty list of "spot" and/or "on-demand"',
    );
    // the split between pools is only worth checking for a limit that is itself valid (one message per mistake)
    const { cpuLimit } = props;
    if (check(Number.isFinite(cpuLimit) && cpuLimit > 0, 'cpuLimit', cpuLimit, 'expected a positive number of vCPUs')) {
      check(
        capacityGroups(props.instanceFamilies, cpuLimit).every(g => g.cpuLimit > 0),
        'cpuLimit',
        cpuLimit,
        'expected at least 2 vCPUs when Nitro and non-Nitro families are mixed (each gets its own NodePool and share ' +
          'of the limit)',
      );
    }
    check(
      KARPENTER_DURATION.test(props.consolidateAfter),
      'consolidateAfter',
      props.consolidateAfter,
      'expected a duration such as 30s, 5m or 1h, or Never',
    );
    check(
      KARPENTER_DURATION.test(props.expireAfter),
      'expireAfter',
      props.expireAfter,
      'expected a duration such as 720h, or Never',
    );
    check(
      Number.isInteger(props.controllerReplicas) && props.controllerReplicas >= 1,
      'controllerReplicas',
      props.controllerReplicas,
      'expected a whole number >= 1',
    );
  });
}
