import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { Construct } from 'constructs';
import { SPOT_ROLE_LOGICAL_ID, SPOT_SERVICE } from './spot-role-names';

export { SPOT_ROLE_LOGICAL_ID, SPOT_SERVICE, SPOT_SERVICE_LINKED_ROLE } from './spot-role-names';

/** Properties for {@link SpotServiceLinkedRole}. */
export interface SpotServiceLinkedRoleProps {
  /** What it is for, shown in IAM. */
  readonly description: string;
}

/**
 * `AWSServiceRoleForEC2Spot`: EC2 refuses spot launches (Karpenter's CreateFleet) in an account without it, and
 * nothing creates it implicitly for a fleet request (karpenter-provider-aws troubleshooting.md). One per account, so
 * the shared stack owns it; an account that already has it imports it or turns the platform setting off, because
 * creating it again fails ("has been taken in this account").
 */
export class SpotServiceLinkedRole extends Construct {
  public readonly role: IamServiceLinkedRole;

  constructor(scope: Construct, id: string, props: SpotServiceLinkedRoleProps) {
    super(scope, id);
    this.role = new IamServiceLinkedRole(this, 'role', {
      awsServiceName: SPOT_SERVICE,
      description: props.description,
    });
    this.role.overrideLogicalId(SPOT_ROLE_LOGICAL_ID);
  }
}
