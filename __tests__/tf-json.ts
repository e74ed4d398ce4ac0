import type { PolicyStatement } from '../modules/iam/statement';
import type { SynthesizedStack } from './read-helpers';

/** Small readers of synthesized Terraform JSON for the network and cluster tests. */

export type Resource = Record<string, unknown>;

/** `${aws_kms_key.name.arn}` -> `{ type: 'aws_kms_key', name: 'name', attribute: 'arn' }`. */
export function parseRef(value: unknown): { type: string; name: string; attribute: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.[\]]+)\}$/.exec(value);
  if (!match) return undefined;
  return { type: `${match[1] ?? ''}${match[2]}`, name: match[3], attribute: match[4] };
}

/** The resource (or data source) a `${type.name.attr}` reference points at; fails when it does not resolve. */
export function resolve(stack: SynthesizedStack, value: unknown): Resource {
  const ref = parseRef(value);
  if (!ref) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  const found = ref.type.startsWith('data.')
    ? stack.data?.[ref.type.slice(5)]?.[ref.name]
    : stack.resource?.[ref.type]?.[ref.name];
  if (!found) throw new Error(`reference ${String(value)} does not resolve`);
  return found;
}

/** The name of the resource a reference points at. */
export function refName(value: unknown): string {
  const ref = parseRef(value);
  if (!ref) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  return ref.name;
}

export function list(stack: SynthesizedStack, type: string): Resource[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** A statement of the one IAM type (modules/iam/statement.ts) as tests read it back: its lists as arrays. */
export type ReadStatement = PolicyStatement & {
  readonly Action?: string[];
  readonly NotAction?: string[];
  readonly Resource?: string[];
  readonly NotResource?: string[];
};

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

function fromJson(s: Record<string, unknown>): ReadStatement {
  const out: Record<string, unknown> = { ...s };
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    if (s[key] !== undefined) out[key] = asList(s[key]);
  }
  return out as unknown as ReadStatement;
}

type Principals = Array<{ type: string; identifiers: string[] }> | undefined;
function principalOf(blocks: Principals): PolicyStatement['Principal'] {
  if (blocks === undefined) return undefined;
  // the data source writes type "*" with identifier "*" as `"Principal": "*"`
  if (blocks.length === 1 && blocks[0].type === '*') return '*';
  const out: Record<string, string[]> = {};
  for (const b of blocks) out[b.type] = [...(out[b.type] ?? []), ...b.identifiers];
  return out;
}

/**
 * A statement block of an `aws_iam_policy_document` data source in the JSON form AWS reads (what the data source
 * renders): `effect` defaults to Allow, condition blocks grouped by operator.
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
function fromDataSource(b: Record<string, unknown>): ReadStatement {
  const condition: Record<string, Record<string, string[]>> = {};
  for (const c of (b.condition as Array<{ test: string; variable: string; values: string[] }> | undefined) ?? []) {
    condition[c.test] = { ...(condition[c.test] ?? {}), [c.variable]: c.values };
  }
  const fields: Record<string, unknown> = {
    Sid: b.sid,
    Effect: (b.effect as string | undefined) ?? 'Allow',
    Principal: principalOf(b.principals as Principals),
    NotPrincipal: principalOf(b.not_principals as Principals),
    Action: b.actions,
    NotAction: b.not_actions,
    Resource: b.resources,
    NotResource: b.not_resources,
    Condition: b.condition === undefined ? undefined : condition,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as ReadStatement;
}

/**
 * The statements of a synthesized policy attribute: a JSON string, or a `${data.aws_iam_policy_document.x.json}`
 * reference to a data source of the stack.
 */
export function policyStatements(stack: SynthesizedStack, policy: unknown): ReadStatement[] {
  const ref = parseRef(policy);
  if (ref?.type === 'data.aws_iam_policy_document' && ref.attribute === 'json') {
    return (resolve(stack, policy).statement as Array<Record<string, unknown>>).map(fromDataSource);
  }
  if (typeof policy !== 'string') throw new Error(`not a policy document: ${JSON.stringify(policy)}`);
  return (JSON.parse(policy) as { Statement: Array<Record<string, unknown>> }).Statement.map(fromJson);
}

/** Parses a JSON-encoded field (configuration_values, a key policy). */
export function parseJsonField(resource: Resource, field: string): Record<string, unknown> {
  return JSON.parse(resource[field] as string) as Record<string, unknown>;
}
