/** Blocks of one kind (`resource`, `data`) by type, then by name. */
export type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** The parsed `cdk.tf.json` of one stack: the union of what the policies, cost, diagram and tests read. */
export interface SynthesizedStack {
  readonly terraform?: {
    readonly backend?: Record<string, Record<string, unknown>>;
    readonly required_providers?: Record<string, Record<string, unknown>>;
    readonly [key: string]: unknown;
  };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly locals?: Record<string, unknown>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/**
 * The JSON as `Testing.synth` returns it: keys sorted, every `"//"` comment (metadata, suppressions) removed.
 * Source: hashicorp/terraform-cdk v0.21.0 packages/cdktf/lib/testing/index.ts `removeMetadata`.
 */
export function withoutComments<T>(item: T): T {
  if (Array.isArray(item)) return item.map(withoutComments) as T;
  if (item === null || typeof item !== 'object') return item;
  return Object.fromEntries(
    Object.entries(item)
      .filter(([key]) => key !== '//')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, withoutComments(value)]),
  ) as T;
}

/** A block cdktf renders either as an object or as a one-element list. */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}
