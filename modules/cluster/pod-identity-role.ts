import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';

/** Properties for {@link PodIdentityRole}. */
export interface PodIdentityRoleProps {
  readonly clusterName: string;
  readonly roleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** AWS managed policy ARNs attached to the role. */
  readonly managedPolicyArns: readonly string[];
  /** The account whose EKS Pod Identity may assume the role (confused-deputy guard). */
  readonly accountId: string;
}

/** The Pod Identity trust: only EKS Pod Identity of this account, with session tags. */
export function podIdentityTrust(scope: Construct, id: string, accountId: string): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
      },
    ],
  });
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity: the role, its managed policies and
 * the association (one namespace/service account per role). Needs no OIDC provider.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;
  public readonly policyAttachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const trust = podIdentityTrust(this, 'trust', props.accountId);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.policyAttachments = props.managedPolicyArns.map(
      policyArn =>
        new IamRolePolicyAttachment(this, policyArn.split('/').pop() ?? policyArn, { role: this.role.name, policyArn }),
    );
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.arn,
    });
  }
}
