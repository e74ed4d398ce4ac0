import type { Verdict, Violation } from './types';

/** Something a rule judges: a block of the stack, or a rendered object's address (`<Kind>.<name>`). */
export type Judged = { readonly address: string } | string;

const addressOf = (judged: Judged): string => (typeof judged === 'string' ? judged : judged.address);

/** The rule judged `judged` and found nothing wrong. */
export function pass(judged: Judged): Verdict {
  return { address: addressOf(judged) };
}

/** The violations found on `judged`, or its pass when there are none. */
export function judge(judged: Judged, violations: readonly Violation[]): Verdict[] {
  return violations.length > 0 ? [...violations] : [pass(judged)];
}

export function isViolation(verdict: Verdict): verdict is Violation {
  return verdict.path !== undefined;
}
