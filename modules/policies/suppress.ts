import type { TerraformResource } from 'cdktf';
import type { TerraformJson } from './types';
import { isObject } from './stack-view';

/**
 * Accepted findings live on the resource they accept, as cdk-nag's `NagSuppressions.addResourceSuppressions` writes
 * them into the resource's template Metadata: here into the `"//"` comment object cdktf gives every block, beside its
 * `metadata` (Terraform ignores `"//"` properties:
 * https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties). The decision travels with the
 * construct that makes it; a configuration-dependent one is taken from that construct's props.
 */
export const SUPPRESSIONS_KEY = 'suppressions';

/** The shortest reason accepted: it must say why the design needs the finding and what compensates. */
export const MIN_REASON_LENGTH = 20;

const RULE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const suppressed = new WeakMap<TerraformResource, Set<string>>();

/** A reason written over several source lines, as the one line the report prints (single spaces, no ends). */
function oneLine(reason: string): string {
  return reason.replace(/\s+/g, ' ').trim();
}

/**
 * Accepts the findings of `rule` on `resource`, for `reason` (the design decision, the compensating controls, when to
 * revisit). A suppression that matches no finding is itself reported
 * (`unused-suppression`), so a call that outlives its finding cannot rot. cdktf 0.21 replaces the `"//"` of a data
 * source with its metadata (TerraformDataSource.toTerraform), so only resources carry suppressions.
 */
export function suppress(resource: TerraformResource, rule: string, reason: string): void {
  const path = resource.node.path;
  const text = oneLine(reason);
  if (!RULE_NAME.test(rule)) throw new Error(`${path}: suppress() needs a kebab-case rule name, got "${rule}"`);
  if (text.length < MIN_REASON_LENGTH) {
    throw new Error(
      `${path}: the suppression of ${rule} needs a reason of at least ${MIN_REASON_LENGTH} characters, got "${text}"`,
    );
  }
  const rules = suppressed.get(resource) ?? new Set<string>();
  if (rules.has(rule)) throw new Error(`${path}: ${rule} is suppressed twice on this resource; keep one reason`);
  suppressed.set(resource, rules.add(rule));
  resource.addOverride(`//.${SUPPRESSIONS_KEY}.${rule}`, text);
}

/** One suppression as synthesized: on the block at `address`, written by the construct at `path`. */
export interface BlockSuppression {
  readonly rule: string;
  /** Terraform address `type.name` (`data.type.name` for data sources). */
  readonly address: string;
  /** Construct path of the block (`//.metadata.path`), or its address when the JSON carries no metadata. */
  readonly path: string;
  readonly reason: unknown;
}

/** The `"//"` comment of a block: its construct metadata and its suppressions by rule. */
function comment(body: unknown): Readonly<Record<string, unknown>> {
  return isObject(body) && isObject(body['//']) ? body['//'] : {};
}

/** Every suppression written on a resource or data source of `json`. */
export function blockSuppressions(json: TerraformJson): BlockSuppression[] {
  const out: BlockSuppression[] = [];
  for (const [kind, prefix] of [
    ['resource', ''],
    ['data', 'data.'],
  ] as const) {
    for (const [type, named] of Object.entries(json[kind] ?? {})) {
      for (const [name, body] of Object.entries(named)) {
        const { metadata, [SUPPRESSIONS_KEY]: suppressions } = comment(body);
        if (!isObject(suppressions)) continue;
        const address = `${prefix}${type}.${name}`;
        const path = isObject(metadata) && typeof metadata.path === 'string' ? metadata.path : address;
        for (const [rule, reason] of Object.entries(suppressions)) out.push({ rule, address, path, reason });
      }
    }
  }
  return out;
}
