import { blocksOf } from '../analysis/stack-model';
import type { PolicySettings, RenderedObject, StackInput, TfBlock } from './types';

/** One resource or data source of a stack, with its Terraform address. */
export interface Block {
  readonly type: string;
  readonly name: string;
  /** `type.name`, or `data.type.name` for a data source. */
  readonly address: string;
  readonly body: TfBlock;
}

/** A `${type.name.attr...}` reference found in a value. */
export interface Reference {
  /** Address of the referenced block (`aws_kms_key.k`, `data.aws_iam_policy_document.d`). */
  readonly address: string;
  /** The attribute path after the address, e.g. `arn` or `vpc_config[0].cluster_security_group_id`. */
  readonly attribute: string;
}

const REFERENCE = /(?<![\w.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)/g;

/** The `${...}` interpolations of a string, outermost only (nested braces are kept inside). */
export function interpolations(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i)) {
    let depth = 0;
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) break;
    }
    out.push(text.slice(i + 2, j));
    i = j;
  }
  return out;
}

/** A single-item block synthesizes as an object, a repeated one as an array: both become an array. */
export function blocks(value: unknown): Readonly<Record<string, unknown>>[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `["a"]` or `"a"` -> `["a"]`; anything else -> `[]`. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A value is exactly one interpolation, e.g. `${aws_s3_bucket.b.id}`: its first interpolation, whole. */
export function isWholeExpression(value: unknown): value is string {
  return typeof value === 'string' && `\${${interpolations(value)[0]}}` === value;
}

/** Read-only view of one synthesized stack with address lookup and reference resolution. */
export class StackView {
  public readonly stack: string;
  public readonly settings: PolicySettings;
  public readonly objects: readonly RenderedObject[];
  private readonly byAddress = new Map<string, Block>();
  private readonly byType = new Map<string, Block[]>();

  constructor(input: StackInput) {
    this.stack = input.stack;
    this.settings = input.settings ?? {};
    this.objects = input.objects ?? [];
    // the blocks as the platform model indexes them (modules/analysis/)
    for (const block of blocksOf(input.json)) {
      this.byAddress.set(block.address, block);
      const key = `${block.kind === 'data' ? 'data.' : ''}${block.type}`;
      this.byType.set(key, [...(this.byType.get(key) ?? []), block]);
    }
  }

  /** Every resource of `type` (`data.<type>` for data sources). */
  all(type: string): readonly Block[] {
    return this.byType.get(type) ?? [];
  }

  get(address: string): Block | undefined {
    return this.byAddress.get(address);
  }

  /** Every reference to a block of this stack inside `value` (deep). */
  references(value: unknown): Reference[] {
    const out: Reference[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string') {
        for (const expr of interpolations(v)) {
          for (const m of expr.matchAll(REFERENCE)) {
            if (this.byAddress.has(m[1])) out.push({ address: m[1], attribute: m[2].replace(/^\./, '') });
          }
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v)) Object.values(v).forEach(visit);
    };
    visit(value);
    return out;
  }

  /** Blocks of `type` referenced from `value`. */
  referenced(value: unknown, type: string): Block[] {
    const seen = new Set<string>();
    return this.references(value)
      .map(r => this.byAddress.get(r.address))
      .filter(
        (b): b is Block =>
          b !== undefined && b.address.startsWith(`${type}.`) && !seen.has(b.address) && !!seen.add(b.address),
      );
  }

  /** Whether `value` refers to the block at `address`. */
  refersTo(value: unknown, address: string): boolean {
    return this.references(value).some(r => r.address === address);
  }

  /** Blocks of `type` whose `attribute` refers to `address` (the "∀ parent ∃ child" link of graph checks). */
  children(type: string, attribute: string, address: string): Block[] {
    return this.all(type).filter(b => this.refersTo(b.body[attribute], address));
  }

  /**
   * A literal value for `value`: itself when it holds no interpolation, the referenced literal attribute when it is
   * exactly `${type.name.attr}` (followed through chains). `undefined` when only Terraform knows it.
   */
  literal(value: unknown, depth = 0): unknown {
    if (typeof value !== 'string' || !value.includes('${')) return value;
    if (depth > 8 || !isWholeExpression(value)) return undefined;
    const [ref] = this.references(value);
    if (ref === undefined || `\${${ref.address}.${ref.attribute}}` !== value || !/^[a-z_]+$/.test(ref.attribute))
      return undefined;
    const target = this.byAddress.get(ref.address);
    return target === undefined ? undefined : this.literal(target.body[ref.attribute], depth + 1);
  }
}
