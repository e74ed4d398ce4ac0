import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Construct } from 'constructs';
import { arn } from '../iam/arn';
import { AwsPartition, awsPartition } from '../iam/partition';

/** EKS access policies the platform grants, cluster-wide. */
export const ACCESS_POLICIES = {
  admin: 'AmazonEKSClusterAdminPolicy',
  view: 'AmazonEKSViewPolicy',
} as const;

/** Read access including Secrets, only ever granted namespace-scoped (see {@link ClusterAccessGrant.readSecretsIn}). */
export const ADMIN_VIEW_POLICY = 'AmazonEKSAdminViewPolicy';
export type ClusterAccessLevel = keyof typeof ACCESS_POLICIES;

/** An EKS access policy: owned by AWS, in the partition's account `aws`. */
export function accessPolicyArn(name: string, partition: AwsPartition): string {
  return arn({ service: 'eks', account: 'aws', resource: `cluster-access-policy/${name}` }, partition);
}

/** One IAM principal and what it may do in the cluster. */
export interface ClusterAccessGrant {
  /** IAM role or user ARN. */
  readonly principalArn: string;
  readonly access: ClusterAccessLevel;
  /**
   * Namespaces where this principal may also read Secrets. A plan of the addons layer refreshes every
   * `helm_release`, and Helm keeps release state in Secrets of the release namespace, which `view` cannot read.
   * @default - none
   */
  readonly readSecretsIn?: readonly string[];
}

/** Stable construct id of a grant, from the principal's type and name: `role-platform-admin`. */
export function grantId(principalArn: string): string {
  const match = /:(role|user)\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  if (!match) throw new Error(`principalArn must be an IAM role or user ARN, got "${principalArn}"`);
  return `${match[1]}-${match[2].replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Each principal gets one entry (EKS answers a second one with 409 ResourceInUseException, ANCHORS B-8). */
export function validateClusterAccessGrants(grants: readonly ClusterAccessGrant[]): void {
  const seen = new Map<string, string>();
  for (const grant of grants) {
    const id = grantId(grant.principalArn);
    if (seen.has(id)) {
      throw new Error(
        `principalArn "${grant.principalArn}" is granted twice (or collides with "${seen.get(id)}"): ` +
          'each IAM principal may have one access entry; remove the duplicate from adminPrincipalArns',
      );
    }
    seen.set(id, grant.principalArn);
  }
}

/** Properties for {@link ClusterAccess}. */
export interface ClusterAccessProps {
  readonly clusterName: string;
  readonly grants: readonly ClusterAccessGrant[];
  /** The platform region: its partition names the access policies. */
  readonly region: string;
}

/**
 * Access entries (authentication mode `API`, no aws-auth ConfigMap) with one cluster-scoped policy association
 * each. These are the only human and CI principals in the cluster: the creator gets no implicit admin. Node
 * roles are not listed: EKS creates the managed node group's entry itself, Karpenter's comes with the addons layer.
 */
export class ClusterAccess extends Construct {
  public readonly entries: EksAccessEntry[] = [];

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    validateClusterAccessGrants(props.grants);
    const partition = awsPartition(props.region);
    for (const grant of props.grants) {
      const grantScope = new Construct(this, grantId(grant.principalArn));
      const entry = new EksAccessEntry(grantScope, 'entry', {
        clusterName: props.clusterName,
        principalArn: grant.principalArn,
        type: 'STANDARD',
      });
      new EksAccessPolicyAssociation(grantScope, grant.access, {
        clusterName: props.clusterName,
        principalArn: entry.principalArn, // a reference: the association waits for its entry
        policyArn: accessPolicyArn(ACCESS_POLICIES[grant.access], partition),
        accessScope: { type: 'cluster' },
      });
      if (grant.readSecretsIn?.length) {
        new EksAccessPolicyAssociation(grantScope, 'read-secrets', {
          clusterName: props.clusterName,
          principalArn: entry.principalArn,
          policyArn: accessPolicyArn(ADMIN_VIEW_POLICY, partition),
          accessScope: { type: 'namespace', namespaces: [...grant.readSecretsIn] },
        });
      }
      this.entries.push(entry);
    }
  }
}
