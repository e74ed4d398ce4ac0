import type { PlanChange, PlanJson, ResourceChange } from './plan-json';
import type { StackInput } from './render';
import { maskedChange, scrubText, scrubValue, sensitiveStrings } from './values';

/**
 * A copy of a plan that is safe to move between CI jobs as an artifact: sensitive leaves masked by their path,
 * sensitive strings scrubbed from the other string values (`secrets` adds those of other stacks), unknown values
 * spelled out, and nothing but what the renderer reads (no `variables`, `prior_state`, `configuration`,
 * `planned_values`). Values are replaced in the parsed plan, never in its text, so the result is always valid JSON
 * with the same addresses, and rendering it gives the same report as rendering the original.
 */
export function sanitizePlan(plan: PlanJson, secrets: readonly string[]): PlanJson {
  const all = [...sensitiveStrings(plan), ...secrets];
  const change = (c: PlanChange): PlanChange => {
    const { before, after } = maskedChange(c);
    return {
      actions: c.actions,
      before: scrubValue(before, all),
      after: scrubValue(after, all),
      replace_paths: c.replace_paths,
      importing: c.importing,
    };
  };
  const resource = (rc: ResourceChange): ResourceChange => ({
    address: rc.address,
    previous_address: rc.previous_address,
    mode: rc.mode,
    type: rc.type,
    deposed: rc.deposed,
    action_reason: rc.action_reason,
    change: change(rc.change),
  });
  const clean: PlanJson = {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    errored: plan.errored,
    complete: plan.complete,
    resource_changes: plan.resource_changes?.map(resource),
    resource_drift: plan.resource_drift?.map(resource),
    output_changes:
      plan.output_changes && Object.fromEntries(Object.entries(plan.output_changes).map(([k, c]) => [k, change(c)])),
  };
  return clean;
}

/**
 * The inputs of one report (or one CI artifact) with every plan sanitized and every message (error text, skip reason)
 * scrubbed, each with the sensitive strings of ALL the plans given: a failed stack's error may quote a value that a
 * sibling stack's plan marks sensitive. This must happen where the raw plans are, before an artifact is written: a
 * sanitized plan no longer holds the secrets that later scrubbing would search for.
 */
export function sanitizeInputs(inputs: readonly StackInput[]): StackInput[] {
  const secrets = inputs.filter(i => i.plan !== undefined).flatMap(i => sensitiveStrings(i.plan!));
  return inputs.map(i => ({
    ...i,
    plan: i.plan && sanitizePlan(i.plan, secrets),
    message: i.message && scrubText(i.message, secrets),
  }));
}
