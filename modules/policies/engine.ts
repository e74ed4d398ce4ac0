import { RULES } from './rules';
import { StackView } from './stack-view';
import { Suppression, SUPPRESSIONS } from './suppressions';
import type { Finding, PolicyRule, Priority, StackInput } from './types';

/** A finding with its verdict: `fail` unless a suppression covers it. */
export interface ReportEntry extends Finding {
  readonly status: 'fail' | 'suppressed';
  /** The suppression's reason, when suppressed. */
  readonly reason?: string;
}

export interface PolicyReport {
  readonly entries: readonly ReportEntry[];
  /** Unsuppressed findings (including unused suppressions), highest priority first. */
  readonly failures: readonly ReportEntry[];
  /** Rules evaluated, for the report's pass lines. */
  readonly rules: readonly PolicyRule[];
  readonly stacks: readonly string[];
}

export const UNUSED_SUPPRESSION_RULE = 'unused-suppression';

const ORDER: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };

/** Every finding of every rule on one stack (before suppressions). */
export function checkStack(input: StackInput, rules: readonly PolicyRule[] = RULES): Finding[] {
  const view = new StackView(input);
  return rules.flatMap(rule =>
    rule.check(view).map(v => ({ rule: rule.name, ruleId: rule.ruleId, priority: rule.priority, stack: input.stack, ...v }))
  );
}

function key(rule: string, stack: string, address: string): string {
  return `${rule} ${stack} ${address}`;
}

/**
 * Runs the rules over the stacks and applies the suppressions. A suppression for an evaluated stack that matches
 * no finding is reported as an `unused-suppression` finding (P1), so the table cannot rot; one without a reason
 * is an error.
 */
export function evaluate(
  inputs: readonly StackInput[],
  suppressions: readonly Suppression[] = SUPPRESSIONS,
  rules: readonly PolicyRule[] = RULES
): PolicyReport {
  const byKey = new Map<string, Suppression>();
  for (const s of suppressions) {
    if (s.reason.trim().length < 20) throw new Error(`suppression ${key(s.rule, s.stack, s.address)} needs a reason of at least 20 characters`);
    byKey.set(key(s.rule, s.stack, s.address), s);
  }
  const used = new Set<string>();
  const entries: ReportEntry[] = [];
  for (const input of inputs) {
    for (const finding of checkStack(input, rules)) {
      const k = key(finding.rule, finding.stack, finding.address);
      const suppression = byKey.get(k);
      if (suppression === undefined) {
        entries.push({ ...finding, status: 'fail' });
      } else {
        used.add(k);
        entries.push({ ...finding, status: 'suppressed', reason: suppression.reason });
      }
    }
  }
  const stacks = inputs.map(i => i.stack);
  for (const s of suppressions) {
    if (stacks.includes(s.stack) && !used.has(key(s.rule, s.stack, s.address))) {
      entries.push({
        rule: UNUSED_SUPPRESSION_RULE,
        ruleId: 'SUPPRESSION',
        priority: 'P1',
        stack: s.stack,
        address: s.address,
        path: s.rule,
        message: `suppression of ${s.rule} matches no finding: remove it from modules/policies/suppressions.ts`,
        status: 'fail',
      });
    }
  }
  entries.sort(
    (a, b) =>
      ORDER[a.priority] - ORDER[b.priority] || a.stack.localeCompare(b.stack) || a.rule.localeCompare(b.rule) || a.address.localeCompare(b.address)
  );
  return { entries, failures: entries.filter(e => e.status === 'fail'), rules, stacks };
}

/** One line per finding: `P0 eks-private-endpoint [CIS-5.4.1] dev-eks aws_eks_cluster.c vpc_config.x: message`. */
export function formatFinding(f: Finding): string {
  return `${f.priority} ${f.rule} [${f.ruleId}] ${f.stack} ${f.address} ${f.path}: ${f.message}`;
}
