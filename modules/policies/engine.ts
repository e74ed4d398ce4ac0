import { RULES } from './rules';
import { StackView } from './stack-view';
import { BlockSuppression, blockSuppressions, MIN_REASON_LENGTH } from './suppress';
import type { Finding, PolicyRule, Priority, StackInput } from './types';
import { isViolation } from './verdict';

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
  /** Rules evaluated. */
  readonly rules: readonly PolicyRule[];
  readonly stacks: readonly string[];
  /** Every resource a rule returned a verdict for (passing or not), once each, for the report's pass lines. */
  readonly judged: readonly Judgement[];
}

/** A rule judged the resource at `address` of `stack`. */
export interface Judgement {
  readonly stack: string;
  readonly rule: string;
  readonly address: string;
}

export const UNUSED_SUPPRESSION_RULE = 'unused-suppression';

const ORDER: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };

/** Every finding of every rule on one stack (before suppressions), with the resources each rule judged. */
function judgeStack(input: StackInput, rules: readonly PolicyRule[]): { findings: Finding[]; judged: Judgement[] } {
  const view = new StackView(input);
  const findings: Finding[] = [];
  const judged: Judgement[] = [];
  for (const rule of rules) {
    const verdicts = rule.check(view);
    for (const address of new Set(verdicts.map(v => v.address))) {
      judged.push({ stack: input.stack, rule: rule.name, address });
    }
    for (const v of verdicts.filter(isViolation)) {
      findings.push({ rule: rule.name, ruleId: rule.ruleId, priority: rule.priority, stack: input.stack, ...v });
    }
  }
  return { findings, judged };
}

/** Every finding of every rule on one stack (before suppressions): its failing verdicts. */
export function checkStack(input: StackInput, rules: readonly PolicyRule[] = RULES): Finding[] {
  return judgeStack(input, rules).findings;
}

/** Where to remove a suppression: the `suppress(...)` call of the construct that synthesizes the block. */
function unusedMessage(s: BlockSuppression, known: boolean): string {
  const remove = `remove suppress(..., '${s.rule}', ...) from the construct at ${s.path}`;
  return known
    ? `suppression of ${s.rule} on ${s.path} matches no finding: ${remove}`
    : `suppression of ${s.rule} on ${s.path} names no rule evaluated here, so it can never match: ${remove}`;
}

/**
 * Runs the rules over the stacks and applies the suppressions each block carries (`suppress()`, written into its
 * `"//"` comment). A suppression that matches no finding of its block is reported as an `unused-suppression`
 * finding (P1), so none can rot; one without a reason is an error.
 */
export function evaluate(inputs: readonly StackInput[], rules: readonly PolicyRule[] = RULES): PolicyReport {
  const known = new Set(rules.map(r => r.name));
  const entries: ReportEntry[] = [];
  const judged: Judgement[] = [];
  for (const input of inputs) {
    const accepted = new Map<string, BlockSuppression>();
    for (const s of blockSuppressions(input.json)) {
      if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
        const needs = `needs a reason of at least ${MIN_REASON_LENGTH} characters`;
        throw new Error(`suppression of ${s.rule} on ${s.path} ${needs}`);
      }
      accepted.set(`${s.rule} ${s.address}`, s);
    }
    const used = new Set<string>();
    const stack = judgeStack(input, rules);
    judged.push(...stack.judged);
    for (const finding of stack.findings) {
      const k = `${finding.rule} ${finding.address}`;
      const suppression = accepted.get(k);
      if (suppression === undefined) {
        entries.push({ ...finding, status: 'fail' });
      } else {
        used.add(k);
        entries.push({ ...finding, status: 'suppressed', reason: suppression.reason as string });
      }
    }
    for (const [k, s] of accepted) {
      if (used.has(k)) continue;
      entries.push({
        rule: UNUSED_SUPPRESSION_RULE,
        ruleId: 'SUPPRESSION',
        priority: 'P1',
        stack: input.stack,
        address: s.address,
        path: s.rule,
        message: unusedMessage(s, known.has(s.rule)),
        status: 'fail',
      });
    }
  }
  const stacks = inputs.map(i => i.stack);
  entries.sort(
    (a, b) =>
      ORDER[a.priority] - ORDER[b.priority] ||
      a.stack.localeCompare(b.stack) ||
      a.rule.localeCompare(b.rule) ||
      a.address.localeCompare(b.address),
  );
  return { entries, failures: entries.filter(e => e.status === 'fail'), rules, stacks, judged };
}

/** One line per finding: `P0 eks-private-endpoint [CIS-5.4.1] dev-eks aws_eks_cluster.c vpc_config.x: message`. */
export function formatFinding(f: Finding): string {
  return `${f.priority} ${f.rule} [${f.ruleId}] ${f.stack} ${f.address} ${f.path}: ${f.message}`;
}
