import type { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../policies/suppress';

/**
 * The accepted findings of the two permissions boundaries and the CI apply roles, written by every construct that
 * creates them: the shared stack and the bootstrap stack of an environment in its own account.
 */

/** The workload boundary (workload-boundary.ts) caps PassRole at the Karpenter node roles of other stacks. */
export function suppressWorkloadBoundaryFindings(boundary: IamPolicy): void {
  suppress(
    boundary,
    'iam-passrole-pinned',
    `A permissions boundary, not a grant: it caps what Karpenter's controller may pass at the Karpenter node
      roles of the environments (\`*-karpenter-node\`, only to ec2.amazonaws.com; the CI boundary keeps CI roles out
      of that name). Those roles live in the environment stacks, so the rule cannot see them as node roles of this
      stack.`,
  );
}

/** The CI boundary (ci-boundary.ts) is a cap in the shape of PowerUserAccess, not a grant. */
export function suppressCiBoundaryFindings(boundary: IamPolicy): void {
  suppress(
    boundary,
    'iam-no-admin-actions',
    `The CI permissions boundary, not a grant: its Allow has the shape of PowerUserAccess (NotAction iam,
      organizations, account) in the platform region, the cap of the apply roles. What each CI role may do comes
      from its own policies; the boundary adds the Denies no CI role may escape (unbounded roles, state tampering,
      secret values, boundary changes).`,
  );
  suppress(
    boundary,
    'iam-passrole-pinned',
    `The CI permissions boundary, not a grant: it lets CI roles keep the PassRole their own policies give
      them (each apply role names the exact roles and services it passes, iam-passrole-pinned judges those
      policies); a boundary that named the roles would need an administrator's apply for every new environment.`,
  );
}

/** The apply role of an environment passes that environment's named roles to EKS, Pod Identity and flow logs. */
export function suppressApplyRoleFindings(inline: IamRolePolicy, envName: string): void {
  suppress(
    inline,
    'iam-passrole-pinned',
    `The CI apply role of ${envName} creates the environment's roles and hands them to EKS (cluster role),
      EKS Pod Identity (add-on roles) and VPC flow logs, so it passes named roles to those services. Each ARN is
      listed (environmentRoleNames), none is a wildcard, and the role is trusted only for its protected GitHub
      environment.`,
  );
}
