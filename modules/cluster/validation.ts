import { CLUSTER_SUPPORT_TYPES } from '../../environments/types';
import { ConfigError, LOG_RETENTION_DAYS, collectErrors } from '../config-errors';
import { parseCidr } from '../network/cidr';
import type { EksClusterProps } from './eks-cluster';
import type { SystemNodeGroupProps } from './system-node-group';

type ClusterRules = Pick<EksClusterProps, 'name' | 'supportType' | 'publicAccessCidrs' | 'logRetentionDays'> &
  Partial<Pick<EksClusterProps, 'deletionProtection'>>;

/**
 * The rules of {@link EksCluster}'s props; `at` names them (`dev.cluster` up front, the construct path in it). The
 * Kubernetes version is checked against the support calendar up front (environments/validate.ts), by date.
 */
export function validateEksClusterProps(props: ClusterRules, at: string): ConfigError[] {
  return collectErrors(at, check => {
    // the EKS CreateCluster rule; names derived from it (IAM roles <= 64, EventBridge rules <= 64, the SQS queue
    // <= 80) are shortened with a hash of the full name when needed (modules/naming.ts), so any such name fits
    check(
      /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(props.name),
      'name',
      props.name,
      'an EKS cluster name is 1-100 letters, digits, hyphens or underscores, starting with a letter or digit',
    );
    check(
      (CLUSTER_SUPPORT_TYPES as readonly string[]).includes(props.supportType),
      'supportType',
      props.supportType,
      `expected one of ${CLUSTER_SUPPORT_TYPES.join(', ')}`,
    );
    const { deletionProtection } = props;
    check(
      deletionProtection === undefined || typeof deletionProtection === 'boolean',
      'deletionProtection',
      deletionProtection,
      'expected true or false',
    );
    const { publicAccessCidrs } = props;
    check(publicAccessCidrs.length > 0, 'publicAccessCidrs', publicAccessCidrs, 'expected at least one CIDR');
    for (const cidr of publicAccessCidrs) {
      check(parseCidr(cidr) !== undefined, 'publicAccessCidrs[]', cidr, 'expected an IPv4 CIDR with no host bits set');
    }
    check(
      LOG_RETENTION_DAYS.includes(props.logRetentionDays),
      'logRetentionDays',
      props.logRetentionDays,
      `expected one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  });
}

type NodeGroupRules = Pick<
  SystemNodeGroupProps,
  'instanceType' | 'minSize' | 'desiredSize' | 'maxSize' | 'diskSizeGiB'
>;

/** The rules of {@link SystemNodeGroup}'s props; `at` names them (`dev.cluster.systemNodeGroup` up front). */
export function validateSystemNodeGroupProps(props: NodeGroupRules, at: string): ConfigError[] {
  return collectErrors(at, check => {
    const { minSize, desiredSize, maxSize, diskSizeGiB } = props;
    check(
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(props.instanceType),
      'instanceType',
      props.instanceType,
      'expected an EC2 instance type such as t3.medium',
    );
    check(Number.isInteger(minSize) && minSize >= 1, 'minSize', minSize, 'expected a whole number >= 1');
    check(
      Number.isInteger(desiredSize) && desiredSize >= minSize && desiredSize <= maxSize,
      'desiredSize',
      desiredSize,
      `expected a whole number from minSize (${minSize}) to maxSize (${maxSize})`,
    );
    check(
      Number.isInteger(diskSizeGiB) && diskSizeGiB >= 20,
      'diskSizeGiB',
      diskSizeGiB,
      'expected a whole number of GiB >= 20 (the AL2023 AMI needs 20)',
    );
  });
}
