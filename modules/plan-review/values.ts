import type { PlanChange, PlanJson } from './plan-json';

/** What a sensitive value is printed as: Terraform's own wording. */
export const SENSITIVE = '(sensitive value)';
/** A sensitive leaf whose value differs between before and after: the change shows, the value does not. */
export const SENSITIVE_CHANGED = '(sensitive value, changed)';
export const UNKNOWN = '(known after apply)';
/**
 * Sensitive strings at least this long are also searched for inside other (unmarked) string values, in case a value
 * leaks unmarked. Shorter values, booleans and numbers are masked only where the plan marks them: searching for a
 * sensitive `true`, `5432` or `main` would blank every equal value of the report.
 */
export const MIN_SCRUB_LENGTH = 8;
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
    return Array.from({ length }, (_, i) =>
      maskValue(
        values[i],
        Array.isArray(sensitive) ? sensitive[i] : undefined,
        Array.isArray(unknown) ? unknown[i] : undefined,
      ),
    );
  }
  if (isObject(value) || isObject(unknown)) {
    const obj = isObject(value) ? value : {};
    // a key the unknown mask marks `false` and the value lacks comes out undefined: absent from JSON and the report
    const keys = new Set([...Object.keys(obj), ...Object.keys(isObject(unknown) ? unknown : {})]);
    return Object.fromEntries(
      [...keys].map(k => [
        k,
        maskValue(obj[k], isObject(sensitive) ? sensitive[k] : undefined, isObject(unknown) ? unknown[k] : undefined),
      ]),
    );
  }
  return value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A masked `after` where every sensitive leaf whose raw value changed reads {@link SENSITIVE_CHANGED}. */
function markChangedSecrets(maskedAfter: unknown, rawBefore: unknown, rawAfter: unknown): unknown {
  if (maskedAfter === SENSITIVE) return deepEqual(rawBefore, rawAfter) ? SENSITIVE : SENSITIVE_CHANGED;
  if (Array.isArray(maskedAfter)) {
    return maskedAfter.map((v, i) =>
      markChangedSecrets(
        v,
        Array.isArray(rawBefore) ? rawBefore[i] : undefined,
        Array.isArray(rawAfter) ? rawAfter[i] : undefined,
      ),
    );
  }
  if (isObject(maskedAfter)) {
    return Object.fromEntries(
      Object.entries(maskedAfter).map(([k, v]) => [
        k,
        markChangedSecrets(
          v,
          isObject(rawBefore) ? rawBefore[k] : undefined,
          isObject(rawAfter) ? rawAfter[k] : undefined,
        ),
      ]),
    );
  }
  return maskedAfter;
}

/** Every string leaf of `value` with the secrets replaced; keys, numbers and booleans are left alone. */
export function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map(v => scrubValue(v, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, secrets)]));
  return value;
}

/**
 * The masked before and after of a change: sensitive leaves by their path in the masks, unknown leaves, and a sensitive
 * leaf that changed as {@link SENSITIVE_CHANGED}.
 */
export function maskedChange(change: PlanChange): { before: unknown; after: unknown } {
  const before = maskValue(change.before, change.before_sensitive);
  let after = maskValue(change.after, change.after_sensitive, change.after_unknown);
  if (change.before !== null && change.before !== undefined && change.after !== null && change.after !== undefined) {
    after = markChangedSecrets(after, change.before, change.after);
  }
  return { before, after };
}

/** Compact one-line rendering of a (masked) value, cut at 300 characters. */
export function formatValue(value: unknown): string {
  const bare: unknown[] = [SENSITIVE, SENSITIVE_CHANGED, UNKNOWN];
  const text = value === undefined ? 'null' : bare.includes(value) ? (value as string) : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} chars)` : text;
}

export interface AttributeChange {
  readonly name: string;
  readonly before: string;
  readonly after: string;
}

/**
 * Top-level attributes whose masked value differs between before and after (every attribute for a create or
 * delete).
 */
export function attributeChanges(change: PlanChange): AttributeChange[] {
  const { before, after } = maskedChange(change);
  // a whole object marked sensitive (or unknown) has no attributes to list: show it as one value
  if (
    (before !== null && before !== undefined && !isObject(before)) ||
    (after !== null && after !== undefined && !isObject(after))
  ) {
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

/** String leaves only: numbers and booleans are never searched for in text. */
function leaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach(v => leaves(v, out));
  else if (isObject(value)) Object.values(value).forEach(v => leaves(v, out));
}

function sensitiveLeaves(value: unknown, mask: unknown, out: string[]): void {
  if (mask === true) leaves(value, out);
  else if (Array.isArray(mask) && Array.isArray(value)) mask.forEach((m, i) => sensitiveLeaves(value[i], m, out));
  else if (isObject(mask) && isObject(value))
    Object.entries(mask).forEach(([k, m]) => sensitiveLeaves(value[k], m, out));
}

/**
 * Every string the plan marks sensitive (resource and output changes, drift, and variables declared sensitive), for
 * {@link scrubText}: a second guard after masking, in case a value also shows up unmarked inside another string value.
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
  const config = plan.configuration as
    { root_module?: { variables?: Record<string, { sensitive?: boolean }> } } | undefined;
  for (const [name, declared] of Object.entries(config?.root_module?.variables ?? {})) {
    if (declared.sensitive === true) leaves(plan.variables?.[name]?.value, out);
  }
  return [...new Set(out)];
}

/**
 * The ways a secret can be spelled inside another string: as it is, JSON-escaped (a `jsonencode`d policy or container
 * definition, a quoted value in an error message), and as Terraform's `jsonencode` writes it, which also escapes
 * `<`, `>`, `&`, U+2028 and U+2029 (developer.hashicorp.com/terraform/language/functions/jsonencode).
 */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const terraform = json.replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [secret, json, terraform];
}

/**
 * Replaces each secret in a piece of text (a value, an error message; never the report's markup) by {@link SENSITIVE},
 * in each of its spellings, longest first: a secret that contains another is replaced whole, never leaving the rest.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  const all = secrets
    .filter(s => s.length >= MIN_SCRUB_LENGTH)
    .flatMap(spellings)
    .sort((x, y) => y.length - x.length);
  let result = text;
  for (const secret of all) result = result.split(secret).join(SENSITIVE);
  return result;
}
