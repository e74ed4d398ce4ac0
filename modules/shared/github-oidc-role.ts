import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, renderPolicy } from '../iam/render';
import type { PolicyStatement } from '../iam/statement';
import { GITHUB_OIDC_HOST, STS_AUDIENCE } from './github-subjects';

/** Properties for {@link GithubOidcRole}. */
export interface GithubOidcRoleProps {
  readonly roleName: string;
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider. */
  readonly providerArn: string;
  /** Exact `sub` claims allowed to assume the role (no wildcards). */
  readonly subjects: readonly string[];
  /** AWS managed policies to attach. @default - none */
  readonly managedPolicyArns?: readonly string[];
  /** Inline permissions. @default - none */
  readonly statements?: readonly PolicyStatement[];
  /** Longest session in seconds (3600-43200). @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** ARN of the role's permissions boundary (the CI boundary). @default - none */
  readonly permissionsBoundaryArn?: string;
  /** What must exist before the role (its boundary policy). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

export const DEFAULT_MAX_SESSION_SECONDS = 3600;

export function validateGithubOidcRoleProps(props: GithubOidcRoleProps): void {
  if (props.subjects.length === 0)
    throw new Error(`subjects of role ${props.roleName} must name at least one GitHub subject, got []`);
  for (const subject of props.subjects) {
    // exact matches only: a wildcard in a subject is how a fork or another branch ends up trusted
    if (!/^repo:[^*?\s]+:[^*?\s]+$/.test(subject)) {
      throw new Error(
        `subjects of role ${props.roleName} must be exact "repo:<owner>/<repo>:<context>" claims without * or ?, ` +
          `got "${subject}"`,
      );
    }
  }
  const seconds = props.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200) {
    throw new Error(
      `maxSessionDurationSeconds of role ${props.roleName} must be a whole number from 3600 to 43200, got ${seconds}`,
    );
  }
}

/**
 * A role GitHub Actions assumes through OIDC: trusted for the audience `sts.amazonaws.com` and the exact
 * subjects given (StringEquals, never StringLike), and for nothing else.
 */
export class GithubOidcRole extends Construct {
  public readonly role: IamRole;
  /** The inline policy of `statements`, when there are any. */
  public readonly inlinePolicy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: GithubOidcRoleProps) {
    super(scope, id);
    validateGithubOidcRoleProps(props);
    const maxSessionDuration = props.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS;
    const trust = policyDocument([
      {
        Sid: 'GithubActionsOidc',
        Effect: 'Allow',
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Principal: { Federated: [props.providerArn] },
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: [STS_AUDIENCE],
            [`${GITHUB_OIDC_HOST}:sub`]: [...props.subjects],
          },
        },
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: renderPolicy(trust),
      maxSessionDuration,
      permissionsBoundary: props.permissionsBoundaryArn,
      dependsOn: props.dependsOn,
    });
    for (const arn of props.managedPolicyArns ?? []) {
      new IamRolePolicyAttachment(this, arn.split('/').pop()!, { role: this.role.name, policyArn: arn });
    }
    if (props.statements !== undefined && props.statements.length > 0) {
      const policy = renderPolicy(policyDocument(props.statements));
      this.inlinePolicy = new IamRolePolicy(this, 'inline', { role: this.role.id, name: 'ci', policy });
    }
  }
}
