import { ConfigError, LOG_RETENTION_DAYS, collectErrors } from '../config-errors';
import { parseCidr, PUBLIC_SUBNET_NEW_BITS } from './cidr';
import type { VpcNetworkProps } from './vpc-network';

export const MIN_AZS = 2; // EKS requires subnets in at least two availability zones
export const MAX_AZS = 4; // the subnet plan reserves four private blocks
const MIN_VPC_PREFIX = 16; // AWS VPC limit
const MAX_VPC_PREFIX = 28 - PUBLIC_SUBNET_NEW_BITS; // keeps every public subnet at /28 or larger (AWS minimum)

type NetworkRules = Pick<VpcNetworkProps, 'cidr' | 'azCount' | 'natGateways' | 'flowLogRetentionDays'>;

/** The rules of {@link VpcNetwork}'s props; `at` names them (`dev.network` up front, the construct path in it). */
export function validateVpcNetworkProps(props: NetworkRules, at: string): ConfigError[] {
  return collectErrors(at, check => {
    const { cidr, azCount } = props;
    const parsed = parseCidr(cidr);
    check(parsed !== undefined, 'cidr', cidr, 'expected an IPv4 CIDR such as 10.0.0.0/16 with no host bits set');
    if (parsed !== undefined)
      check(
        parsed.prefix >= MIN_VPC_PREFIX && parsed.prefix <= MAX_VPC_PREFIX,
        'cidr',
        cidr,
        `the prefix must be /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} ` +
          '(AWS allows /16 at most; smaller VPCs leave public subnets under /28)',
      );
    check(
      Number.isInteger(azCount) && azCount >= MIN_AZS && azCount <= MAX_AZS,
      'azCount',
      azCount,
      `expected ${MIN_AZS} to ${MAX_AZS} availability zones (EKS needs subnets in at least two)`,
    );
    // planSubnets keeps every subnet inside the VPC and apart from the others for any prefix and AZ count allowed here
    // (tested over the whole range in environments.test.ts), so no subnet check is needed at this point
    const { natGateways } = props;
    check(['single', 'per-az'].includes(natGateways), 'natGateways', natGateways, 'expected "single" or "per-az"');
    check(
      LOG_RETENTION_DAYS.includes(props.flowLogRetentionDays),
      'flowLogRetentionDays',
      props.flowLogRetentionDays,
      `expected one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  });
}
