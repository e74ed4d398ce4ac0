import type { PlanChange, PlanJson, ResourceChange } from './plan-json';

/** What one planned change does. `unknown` is any action list this renderer does not know (a newer Terraform). */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'unknown';

export interface ClassifiedChange {
  readonly address: string;
  readonly kind: ChangeKind;
  readonly actions: readonly string[];
  /** For a replace: `delete-before-create` (Terraform's default) or `create-before-destroy`. */
  readonly replaceOrder?: 'delete-before-create' | 'create-before-destroy';
  /** The address before a `moved` block (only when it differs). */
  readonly previousAddress?: string;
  readonly importing: boolean;
  readonly reason?: string;
  /** Attribute paths that forced a replacement, e.g. `instance_types` or `tags.Name`. */
  readonly replacePaths: readonly string[];
  readonly deposed?: string;
  readonly change: PlanChange;
}

/** Counts per stack. Each resource is in one column: a replacement counts under `replace` only. */
export interface ChangeCounts {
  add: number;
  change: number;
  replace: number;
  destroy: number;
  drift: number;
  read: number;
  moved: number;
  imported: number;
  forget: number;
  unknown: number;
}

export interface PlanSummary {
  readonly counts: ChangeCounts;
  /** Resource changes worth showing: all but no-ops and reads that neither move nor import. */
  readonly changes: readonly ClassifiedChange[];
  readonly drift: readonly ClassifiedChange[];
  readonly outputs: readonly { readonly name: string; readonly kind: ChangeKind; readonly change: PlanChange }[];
}

const KNOWN_ACTIONS: Readonly<Record<string, Pick<ClassifiedChange, 'kind' | 'replaceOrder'>>> = {
  'no-op': { kind: 'no-op' },
  create: { kind: 'create' },
  read: { kind: 'read' },
  update: { kind: 'update' },
  delete: { kind: 'delete' },
  'delete,create': { kind: 'replace', replaceOrder: 'delete-before-create' },
  'create,delete': { kind: 'replace', replaceOrder: 'create-before-destroy' },
  forget: { kind: 'forget' },
  'create,forget': { kind: 'forget' },
};

export function classifyActions(actions: readonly string[]): Pick<ClassifiedChange, 'kind' | 'replaceOrder'> {
  return KNOWN_ACTIONS[actions.join(',')] ?? { kind: 'unknown' };
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function classifyResource(rc: ResourceChange): ClassifiedChange {
  const { kind, replaceOrder } = classifyActions(rc.change.actions);
  return {
    address: rc.address,
    kind,
    actions: rc.change.actions,
    replaceOrder,
    previousAddress:
      rc.previous_address !== undefined && rc.previous_address !== rc.address ? rc.previous_address : undefined,
    importing: rc.change.importing !== undefined && rc.change.importing !== null,
    reason: rc.action_reason,
    replacePaths: (rc.change.replace_paths ?? []).map(pathText),
    deposed: rc.deposed,
    change: rc.change,
  };
}

/** Counts and lists one plan's changes, drift and output changes. */
export function summarizePlan(plan: PlanJson): PlanSummary {
  const counts: ChangeCounts = {
    add: 0,
    change: 0,
    replace: 0,
    destroy: 0,
    drift: 0,
    read: 0,
    moved: 0,
    imported: 0,
    forget: 0,
    unknown: 0,
  };
  const all = (plan.resource_changes ?? []).map(classifyResource);
  for (const c of all) {
    if (c.previousAddress !== undefined) counts.moved++;
    if (c.importing) counts.imported++;
    if (c.kind === 'create') counts.add++;
    else if (c.kind === 'update') counts.change++;
    else if (c.kind === 'replace') counts.replace++;
    else if (c.kind === 'delete') counts.destroy++;
    else if (c.kind === 'read') counts.read++;
    else if (c.kind === 'forget') counts.forget++;
    else if (c.kind === 'unknown') counts.unknown++;
  }
  const changes = all.filter(
    c => !(c.kind === 'no-op' || c.kind === 'read') || c.previousAddress !== undefined || c.importing,
  );
  const drift = (plan.resource_drift ?? []).map(classifyResource).filter(c => c.kind !== 'no-op');
  counts.drift = drift.length;
  const outputs = Object.entries(plan.output_changes ?? {})
    .map(([name, change]) => ({ name, kind: classifyActions(change.actions).kind, change }))
    .filter(o => o.kind !== 'no-op');
  return { counts, changes, drift, outputs };
}

/** Whether applying the plan would change anything (outputs included). */
export function hasChanges(summary: PlanSummary): boolean {
  const c = summary.counts;
  return (
    c.add + c.change + c.replace + c.destroy + c.moved + c.imported + c.forget + c.unknown + summary.outputs.length > 0
  );
}

/** Whether the plan needs a careful look: something is destroyed, replaced, forgotten or not understood. */
export function isRisky(summary: PlanSummary): boolean {
  const c = summary.counts;
  return c.replace + c.destroy + c.forget + c.unknown > 0;
}
