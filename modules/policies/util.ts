import { parse } from 'yaml';
import type { AttachedDocument } from './iam';
import { blocks, isObject } from './stack-view';
import type { Block, StackView } from './stack-view';
import type { TfBlock } from './types';

/** Terraform booleans may synthesize as `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/**
 * A KMS key a resource names is customer-managed: set, and no AWS-managed key, whose aliases are all
 * `alias/aws/<service>` (by alias name or alias ARN), a prefix AWS reserves for them
 * (https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html). A key id or key ARN is taken for a CMK:
 * telling them apart needs a lookup.
 */
export function isCustomerManagedKey(key: unknown): boolean {
  return typeof key === 'string' && key !== '' && !/(^|:)alias\/aws\//.test(key);
}

/** The first instance of a nested block (`vpc_config` -> `vpc_config[0]`), or an empty object. */
export function first(value: unknown): Readonly<Record<string, unknown>> {
  return blocks(value)[0] ?? {};
}

/** Prefix length of an IPv4/IPv6 CIDR (`10.0.0.0/16` -> 16), or undefined. */
export function prefixLength(cidr: string): number | undefined {
  const m = /\/(\d{1,3})$/.exec(cidr);
  return m ? Number(m[1]) : undefined;
}

export const WORLD_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0', '*'];

/** Name of an AWS managed policy from its ARN (`arn:<partition>:iam::aws:policy/AmazonEKSWorkerNodePolicy`). */
export function managedPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([A-Za-z0-9_+=,.@-]+)$/.exec(arn);
  return m?.[1];
}

/** Managed policy ARNs attached to a role (attachments and `managed_policy_arns`). */
export function attachedPolicyArns(view: StackView, role: Block): { arn: string; address: string }[] {
  const out: { arn: string; address: string }[] = [];
  for (const a of view.all('aws_iam_role_policy_attachment')) {
    if (view.refersTo(a.body.role, role.address) || (role.body.name !== undefined && a.body.role === role.body.name)) {
      out.push({ arn: String(a.body.policy_arn), address: a.address });
    }
  }
  for (const arn of Array.isArray(role.body.managed_policy_arns) ? role.body.managed_policy_arns : []) {
    out.push({ arn: String(arn), address: role.address });
  }
  return out;
}

/** The role a value (an ARN or name expression) designates, when it is a role of this stack. */
export function roleOf(view: StackView, value: unknown): Block | undefined {
  return view.referenced(value, 'aws_iam_role')[0];
}

/**
 * Whether subnet ids come from private subnets: a remote-state output named `private_*`, or subnets of this stack
 * that do not map public IPs and are not tagged for internet-facing load balancers.
 */
export function subnetsArePrivate(view: StackView, value: unknown): boolean {
  if (typeof value === 'string' && /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.private_[\w]+\}$/.test(value))
    return true;
  const subnets = view.referenced(value, 'aws_subnet');
  const literalIds = (Array.isArray(value) ? value : [value]).filter(v => typeof v === 'string' && !v.includes('${'));
  if (subnets.length === 0 || literalIds.length > 0) return false;
  return subnets.every(
    s =>
      !isTrue(s.body.map_public_ip_on_launch) &&
      !Object.keys((s.body.tags ?? {}) as object).includes('kubernetes.io/role/elb'),
  );
}

/** Roles nodes run with: managed node groups' `node_role_arn` and EC2_LINUX access entries (Karpenter nodes). */
export function nodeRoles(view: StackView): Block[] {
  const sources = [
    ...view.all('aws_eks_node_group').map(ng => ng.body.node_role_arn),
    ...view
      .all('aws_eks_access_entry')
      .filter(e => e.body.type === 'EC2_LINUX')
      .map(e => e.body.principal_arn),
    ...view.all('aws_iam_instance_profile').map(p => p.body.role),
  ];
  const roles = new Map<string, Block>();
  for (const s of sources) {
    const role = roleOf(view, s);
    if (role !== undefined) roles.set(role.address, role);
  }
  return [...roles.values()];
}

/**
 * Roles bound to a Kubernetes service account: `${namespace}/${serviceAccount}` -> role, via Pod Identity or an
 * add-on.
 */
export function serviceAccountRoles(view: StackView): { serviceAccount: string; role: Block; address: string }[] {
  const out: { serviceAccount: string; role: Block; address: string }[] = [];
  for (const a of view.all('aws_eks_pod_identity_association')) {
    const role = roleOf(view, a.body.role_arn);
    if (role !== undefined)
      out.push({
        serviceAccount: `${String(a.body.namespace)}/${String(a.body.service_account)}`,
        role,
        address: a.address,
      });
  }
  for (const addon of view.all('aws_eks_addon')) {
    const irsa = roleOf(view, addon.body.service_account_role_arn);
    if (irsa !== undefined && addon.body.addon_name === 'vpc-cni')
      out.push({ serviceAccount: 'kube-system/aws-node', role: irsa, address: addon.address });
    for (const p of blocks(addon.body.pod_identity_association)) {
      const role = roleOf(view, p.role_arn);
      if (role !== undefined)
        out.push({ serviceAccount: `kube-system/${String(p.service_account)}`, role, address: addon.address });
    }
  }
  return out;
}

/**
 * The identity documents that apply to a role: inline (`aws_iam_role_policy`, `inline_policy`) and attached
 * customer policies.
 */
export function roleDocuments(view: StackView, role: Block, docs: readonly AttachedDocument[]): AttachedDocument[] {
  const attached = view
    .all('aws_iam_role_policy_attachment')
    .filter(a => view.refersTo(a.body.role, role.address))
    .flatMap(a => view.referenced(a.body.policy_arn, 'aws_iam_policy').map(p => p.address));
  return docs.filter(
    d =>
      d.kind === 'identity' &&
      (d.address === role.address ||
        (d.ownerType === 'aws_iam_role_policy' && view.refersTo(d.owner.body.role, role.address)) ||
        attached.includes(d.address)),
  );
}

const parsedValues = new Map<string, { value: unknown } | { error: unknown }>();
/**
 * A Helm release's values document parsed once per process, however many rules read it (three do, over every stack
 * of every synth): the result is shared, so callers must not change it. Throws what `yaml`'s `parse` throws.
 */
export function parseValuesDocument(doc: unknown): unknown {
  const text = String(doc);
  let parsed = parsedValues.get(text);
  if (parsed === undefined) {
    try {
      parsed = { value: parse(text) as unknown };
    } catch (error) {
      parsed = { error };
    }
    parsedValues.set(text, parsed);
  }
  if ('error' in parsed) throw parsed.error;
  return parsed.value;
}

/**
 * Helm's merge of two values documents: maps merge key by key, anything else (a scalar, a list, null) replaces.
 * @see https://github.com/hashicorp/terraform-provider-helm/blob/main/helm/resource_helm_release.go (mergeMaps)
 */
function merged(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merged(base[k], v);
  return out;
}

/** A release's values documents merged in order, as Helm merges them; a document that is not a map is left out. */
export function releaseValues(body: TfBlock): Record<string, unknown> {
  const docs = Array.isArray(body.values) ? body.values : [];
  return docs.reduce<Record<string, unknown>>((acc, doc) => {
    try {
      const parsed: unknown = parseValuesDocument(doc);
      return isObject(parsed) ? (merged(acc, parsed) as Record<string, unknown>) : acc;
    } catch {
      return acc;
    }
  }, {});
}
