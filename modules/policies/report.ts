import type { PolicyReport, ReportEntry } from './engine';
import type { StackInput } from './types';

/** One line of the full report: a rule's verdict on one resource of one stack. */
export interface ReportLine {
  readonly stack: string;
  readonly rule: string;
  readonly ruleId: string;
  readonly priority: string;
  readonly address: string;
  readonly status: 'pass' | 'fail' | 'suppressed';
  readonly path?: string;
  readonly message?: string;
  readonly reason?: string;
}

/** Findings plus a `pass` line for every resource a rule judged (returned a verdict for) without a finding. */
export function reportLines(inputs: readonly StackInput[], report: PolicyReport): ReportLine[] {
  const lines: ReportLine[] = report.entries.map((e: ReportEntry) => ({ ...e }));
  const flagged = new Set(report.entries.map(e => `${e.stack} ${e.rule} ${e.address}`));
  const rules = new Map(report.rules.map(r => [r.name, r]));
  const stacks = new Set(inputs.map(i => i.stack));
  for (const { stack, rule: name, address } of report.judged) {
    const rule = rules.get(name);
    if (rule === undefined || !stacks.has(stack) || flagged.has(`${stack} ${name} ${address}`)) continue;
    lines.push({ stack, rule: name, ruleId: rule.ruleId, priority: rule.priority, address, status: 'pass' });
  }
  const order = (l: ReportLine) =>
    `${report.stacks.indexOf(l.stack).toString().padStart(3, '0')} ${l.rule} ${l.address}`;
  return lines.sort((a, b) => order(a).localeCompare(order(b)));
}

/** The rules that judged no resource of a stack: not applicable there (no resource or object they check). */
export function notApplicable(report: PolicyReport): { readonly stack: string; readonly rules: readonly string[] }[] {
  const judged = new Set(report.judged.map(j => `${j.stack} ${j.rule}`));
  return report.stacks.map(stack => ({
    stack,
    rules: report.rules.map(r => r.name).filter(rule => !judged.has(`${stack} ${rule}`)),
  }));
}
