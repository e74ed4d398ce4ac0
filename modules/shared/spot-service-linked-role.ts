import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { Construct } from 'constructs';

/** The AWS service whose role EC2 needs before any spot launch. */
export const SPOT_SERVICE = 'spot.amazonaws.com';
/** The role's fixed name (AWS chooses it; `aws iam get-role --role-name` finds it). */
export const SPOT_SERVICE_LINKED_ROLE = 'AWSServiceRoleForEC2Spot';
/** Its Terraform address in the shared stack, fixed so the documented `terraform import` never changes. */
export const SPOT_ROLE_LOGICAL_ID = 'spot_service_linked_role';

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
    this.role = new IamServiceLinkedRole(this, 'role', { awsServiceName: SPOT_SERVICE, description: props.description });
    this.role.overrideLogicalId(SPOT_ROLE_LOGICAL_ID);
  }
}
