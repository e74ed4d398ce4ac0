import type { SynthesizedStack } from './helpers';

/** Small readers of synthesized Terraform JSON for the network and cluster tests. */

export type Resource = Record<string, unknown>;

/** `${aws_kms_key.name.arn}` -> `{ type: 'aws_kms_key', name: 'name', attribute: 'arn' }`. */
export function parseRef(value: unknown): { type: string; name: string; attribute: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.\[\]]+)\}$/.exec(value);
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

/** An IAM policy document data source as its statements (type, actions, principals, conditions). */
export interface DocStatement {
  readonly effect?: string;
  readonly actions?: string[];
  readonly resources?: string[];
  readonly principals?: Array<{ type: string; identifiers: string[] }>;
  readonly condition?: Array<{ test: string; variable: string; values: string[] }>;
}

export function docStatements(doc: Resource): DocStatement[] {
  return doc.statement as DocStatement[];
}

/** Parses a JSON-encoded field (configuration_values, a key policy). */
export function parseJsonField(resource: Resource, field: string): Record<string, unknown> {
  return JSON.parse(resource[field] as string) as Record<string, unknown>;
}
