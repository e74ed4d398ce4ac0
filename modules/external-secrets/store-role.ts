import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyDocument, renderPolicy } from '../iam/render';
import { externalSecretsPolicy } from './secrets-policy';

/** Properties for {@link StoreRole}. */
export interface StoreRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  /** The one Secrets Manager prefix the role reads (`dev` reads `dev/*`). */
  readonly prefix: string;
  /** ARN of the External Secrets controller's role: the only principal that may assume this one. */
  readonly controllerRoleArn: string;
  readonly permissionsBoundaryArn: string;
}

/**
 * The role one ClusterSecretStore reads through (`spec.provider.aws.role`): assumed by the controller's Pod Identity
 * role only, reading its one prefix only. A store per prefix with its own role keeps `production/*` out of reach of
 * any store but production's, whatever an ExternalSecret asks for.
 */
export class StoreRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: StoreRoleProps) {
    super(scope, id);
    const trust = policyDocument([
      {
        Sid: 'ExternalSecretsController',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Principal: { AWS: [props.controllerRoleArn] },
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `External Secrets store reading ${props.prefix}/* (assumed by the controller)`,
      assumeRolePolicy: renderPolicy(trust),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.policy = new IamRolePolicy(this, 'read-secrets', {
      role: this.role.id,
      name: 'read-prefix-secrets',
      policy: renderPolicy(
        externalSecretsPolicy({ accountId: props.accountId, region: props.region, readablePrefixes: [props.prefix] }),
      ),
    });
  }
}
