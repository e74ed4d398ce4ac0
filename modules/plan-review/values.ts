import type { PlanChange, PlanJson } from './plan-json';

/** What a sensitive value is printed as: Terraform's own wording. */
export const SENSITIVE = '(sensitive value)';
export const UNKNOWN = '(known after apply)';
/** Shorter sensitive values are not scrubbed from the text (they would blank out common words and numbers). */
export const MIN_SCRUB_LENGTH = 4;
const MAX_VALUE_CHARS = 300;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` with every leaf that `sensitive` marks replaced by {@link SENSITIVE} and every leaf `unknown` marks by
 * {@link UNKNOWN}. The masks have the value's shape, or are a bare `true` for the whole value.
 */
export function maskValue(value: unknown, sensitive: unknown, unknown?: unknown): unknown {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const values = Array.isArray(value) ? value : [];
    const length = Math.max(values.length, Array.isArray(unknown) ? unknown.length : 0);
    return Array.from({ length }, (_, i) => maskValue(values[i], Array.isArray(sensitive) ? sensitive[i] : undefined, Array.isArray(unknown) ? unknown[i] : undefined));
  }
  if (isObject(value) || isObject(unknown)) {
    const obj = isObject(value) ? value : {};
    const keys = new Set([...Object.keys(obj), ...(isObject(unknown) ? Object.keys(unknown).filter(k => unknown[k] !== false) : [])]);
    return Object.fromEntries([...keys].map(k => [k, maskValue(obj[k], isObject(sensitive) ? sensitive[k] : undefined, isObject(unknown) ? unknown[k] : undefined)]));
  }
  return value;
}

/** The masked before and after of a change. */
export function maskedChange(change: PlanChange): { before: unknown; after: unknown } {
  return {
    before: maskValue(change.before, change.before_sensitive),
    after: maskValue(change.after, change.after_sensitive, change.after_unknown),
  };
}

/** Compact one-line rendering of a (masked) value, cut at 300 characters. */
export function formatValue(value: unknown): string {
  const text = value === undefined ? 'null' : typeof value === 'string' && (value === SENSITIVE || value === UNKNOWN) ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} chars)` : text;
}

export interface AttributeChange {
  readonly name: string;
  readonly before: string;
  readonly after: string;
}

/** Top-level attributes whose masked value differs between before and after (every attribute for a create or delete). */
export function attributeChanges(change: PlanChange): AttributeChange[] {
  const { before, after } = maskedChange(change);
  // a whole object marked sensitive (or unknown) has no attributes to list: show it as one value
  if ((before !== null && before !== undefined && !isObject(before)) || (after !== null && after !== undefined && !isObject(after))) {
    return [{ name: '(whole object)', before: formatValue(before ?? null), after: formatValue(after ?? null) }];
  }
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return names
    .filter(n => JSON.stringify(b[n]) !== JSON.stringify(a[n]))
    .filter(n => !(b[n] === undefined && a[n] === null) && !(a[n] === undefined && b[n] === null))
    .map(n => ({ name: n, before: formatValue(b[n]), after: formatValue(a[n]) }));
}

function leaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) value.forEach(v => leaves(v, out));
  else if (isObject(value)) Object.values(value).forEach(v => leaves(v, out));
}

function sensitiveLeaves(value: unknown, mask: unknown, out: string[]): void {
  if (mask === true) leaves(value, out);
  else if (Array.isArray(mask) && Array.isArray(value)) mask.forEach((m, i) => sensitiveLeaves(value[i], m, out));
  else if (isObject(mask) && isObject(value)) Object.entries(mask).forEach(([k, m]) => sensitiveLeaves(value[k], m, out));
}

/**
 * Every value the plan marks sensitive (resource and output changes, drift, and variables declared sensitive),
 * longest first, for {@link scrubText}: a second guard after masking, in case a value also shows up unmarked.
 */
export function sensitiveStrings(plan: PlanJson): string[] {
  const out: string[] = [];
  const changes: PlanChange[] = [
    ...(plan.resource_changes ?? []).map(rc => rc.change),
    ...(plan.resource_drift ?? []).map(rc => rc.change),
    ...Object.values(plan.output_changes ?? {}),
  ];
  for (const c of changes) {
    sensitiveLeaves(c.before, c.before_sensitive, out);
    sensitiveLeaves(c.after, c.after_sensitive, out);
  }
  const config = plan.configuration as { root_module?: { variables?: Record<string, { sensitive?: boolean }> } } | undefined;
  for (const [name, declared] of Object.entries(config?.root_module?.variables ?? {})) {
    if (declared?.sensitive === true) leaves(plan.variables?.[name]?.value, out);
  }
  return [...new Set(out.filter(s => s.length >= MIN_SCRUB_LENGTH))].sort((x, y) => y.length - x.length);
}

/** Replaces each secret (also in its JSON-escaped form) by {@link SENSITIVE}. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (form.length >= MIN_SCRUB_LENGTH) result = result.split(form).join(SENSITIVE);
    }
  }
  return result;
}
