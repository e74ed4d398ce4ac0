import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, renderPolicy } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';
import { PodIdentityPropagation } from './pod-identity-propagation';

/** A policy document written for one role (rendered with renderPolicy, so the policy rules can read it). */
export interface RolePolicy {
  /** IAM name of the policy. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  readonly document: PolicyDocument;
}

/** Properties for {@link PodIdentityRole}. */
export interface PodIdentityRoleProps {
  readonly clusterName: string;
  readonly roleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** What the role is for, shown in IAM. @default - none */
  readonly description?: string;
  /** AWS managed policy ARNs attached to the role. @default - none */
  readonly managedPolicyArns?: readonly string[];
  /** Customer managed policies created for the role and attached to it, by construct id. @default - none */
  readonly policies?: Readonly<Record<string, RolePolicy>>;
  /** Inline policies of the role, by construct id. @default - none */
  readonly inlinePolicies?: Readonly<Record<string, RolePolicy>>;
  /** The account whose EKS Pod Identity may assume the role (confused-deputy guard). */
  readonly accountId: string;
}

/** Where an add-on's Pod Identity role lives: its cluster, its account and the boundary every add-on role carries. */
export interface AddonIdentityTarget {
  readonly clusterName: string;
  readonly accountId: string;
  /** ARN of the permissions boundary (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
}

/** Properties for {@link addonIdentity}: the role of one add-on's service account. */
export interface AddonIdentityProps extends Pick<
  PodIdentityRoleProps,
  'roleName' | 'namespace' | 'serviceAccount' | 'policies' | 'inlinePolicies'
> {
  /** What the role is for, the start of its IAM description. */
  readonly purpose: string;
  /** What the description says after the service account. @default - nothing */
  readonly detail?: string;
}

/**
 * The Pod Identity role of an add-on in `target`'s cluster: its IAM description names what it is for and the one
 * service account that may use it, `<purpose> (Pod Identity <namespace>/<service account>)<detail>`.
 */
export function addonIdentity(
  scope: Construct,
  id: string,
  target: AddonIdentityTarget,
  props: AddonIdentityProps,
): PodIdentityRole {
  const { purpose, detail = '', ...identity } = props;
  return new PodIdentityRole(scope, id, {
    clusterName: target.clusterName,
    accountId: target.accountId,
    permissionsBoundaryArn: target.permissionsBoundaryArn,
    description: `${purpose} (Pod Identity ${props.namespace}/${props.serviceAccount})${detail}`,
    ...identity,
  });
}

/** The Pod Identity trust: only EKS Pod Identity of this account, with session tags. */
export function podIdentityTrust(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Principal: { Service: ['pods.eks.amazonaws.com'] },
      Condition: { StringEquals: { 'aws:SourceAccount': [accountId] } },
    },
  ]);
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity: the role (with the workload boundary),
 * its policies and the association (one namespace/service account per role). Needs no OIDC provider. Every add-on
 * identity of the platform is one of these.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;
  public readonly policyAttachments: IamRolePolicyAttachment[];
  /** Customer managed policies, by construct id. */
  public readonly policies: Readonly<Record<string, IamPolicy>>;
  /** Waits after the association and every permission: what a pod using the role depends on. */
  public readonly propagation: PodIdentityPropagation;
  /** The wait after the association and every permission: a pod started earlier gets no (or too few) credentials. */
  public readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: renderPolicy(podIdentityTrust(props.accountId)),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const role = this.role.name;
    const managed = (props.managedPolicyArns ?? []).map(
      policyArn => new IamRolePolicyAttachment(this, policyArn.split('/').pop() ?? policyArn, { role, policyArn }),
    );
    const policies: Record<string, IamPolicy> = {};
    const created = Object.entries(props.policies ?? {}).map(([policyId, p]) => {
      policies[policyId] = new IamPolicy(this, policyId, {
        name: p.name,
        description: p.description,
        policy: renderPolicy(p.document),
      });
      return new IamRolePolicyAttachment(this, `${policyId}-attachment`, { role, policyArn: policies[policyId].arn });
    });
    this.policies = policies;
    this.policyAttachments = [...managed, ...created];
    const inline = Object.entries(props.inlinePolicies ?? {}).map(
      ([policyId, p]) =>
        new IamRolePolicy(this, policyId, { role: this.role.id, name: p.name, policy: renderPolicy(p.document) }),
    );
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.arn,
    });
    this.propagation = new PodIdentityPropagation(this, 'propagation', {
      associationId: this.association.associationId,
      after: [this.association, ...this.policyAttachments, ...inline],
    });
    this.ready = [this.propagation.sleep];
  }
}
