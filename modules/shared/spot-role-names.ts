// The names of the spot service-linked role, apart from its construct: the preflight checks the role by name, and
// its facts script must not load cdktf for a name.

/** The AWS service whose role EC2 needs before any spot launch. */
export const SPOT_SERVICE = 'spot.amazonaws.com';
/** The role's fixed name (AWS chooses it; `aws iam get-role --role-name` finds it). */
export const SPOT_SERVICE_LINKED_ROLE = 'AWSServiceRoleForEC2Spot';
/** Its Terraform address in the shared stack, fixed so the documented `terraform import` never changes. */
export const SPOT_ROLE_LOGICAL_ID = 'spot_service_linked_role';
