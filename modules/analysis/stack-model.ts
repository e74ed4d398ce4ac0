import type { ChartObject } from './chart-objects';
import type { Blocks, SynthesizedStack } from './synthesized-stack';

/** One resource or data source of a synthesized stack. */
export interface Block {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** `type.name`, or `data.type.name` for a data source. */
  readonly address: string;
  /** The construct path of `//.metadata.path`; a block cdktf adds itself (`terraform_remote_state`) has none. */
  readonly path?: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** One synthesized stack: its JSON as written, every block indexed, and what its local charts install. */
export interface StackModel {
  readonly id: string;
  /** The stack's `cdk.tf.json`, parsed, `"//"` comments included. */
  readonly json: SynthesizedStack;
  readonly byAddress: ReadonlyMap<string, Block>;
  readonly byPath: ReadonlyMap<string, Block>;
  readonly objects: readonly ChartObject[];
}

/** Every resource and data source of a stack's JSON, in the order of the JSON. */
export function blocksOf(json: Pick<SynthesizedStack, 'resource' | 'data'>): Block[] {
  const out: Block[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, named] of Object.entries(json[kind] ?? {})) {
      for (const [name, body] of Object.entries(named)) {
        const path = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        out.push({ kind, type, name, address, ...(path !== undefined ? { path } : {}), body });
      }
    }
  }
  return out;
}

/** The model of one stack from its JSON (as written) and its chart objects: the JSON's blocks indexed. */
export function stackModel(id: string, json: SynthesizedStack, objects: readonly ChartObject[] = []): StackModel {
  const blocks = blocksOf(json);
  return {
    id,
    json,
    byAddress: new Map(blocks.map(b => [b.address, b])),
    byPath: new Map(blocks.filter(b => b.path !== undefined).map(b => [b.path as string, b])),
    objects,
  };
}

/** Every resource of `type` in a stack, by name. */
export function resourcesOf(stack: StackModel, type: string): Blocks[string] {
  return stack.json.resource?.[type] ?? {};
}

/** How many instances of `type` a stack creates (a numeric `count` meta-argument counts that many). */
export function countOf(stack: StackModel, type: string): number {
  return Object.values(resourcesOf(stack, type)).reduce((n, r) => n + (typeof r.count === 'number' ? r.count : 1), 0);
}

/** The objects of the stack's local charts, optionally only those of one `kind`. */
export function objectsOf(stack: StackModel, kind?: string): ReadonlyArray<Readonly<Record<string, unknown>>> {
  return stack.objects.map(o => o.object).filter(o => kind === undefined || o.kind === kind);
}
