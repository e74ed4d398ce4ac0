import type { PolicyReport, ReportEntry } from './engine';
import { StackView } from './stack-view';
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

/** Findings plus a `pass` line for every resource a rule judges (its `appliesTo` types) without a finding. */
export function reportLines(inputs: readonly StackInput[], report: PolicyReport): ReportLine[] {
  const lines: ReportLine[] = report.entries.map((e: ReportEntry) => ({ ...e }));
  const flagged = new Set(report.entries.map(e => `${e.stack} ${e.rule} ${e.address}`));
  for (const input of inputs) {
    const view = new StackView(input);
    for (const rule of report.rules) {
      const addresses = rule.appliesTo.flatMap(t =>
        t.startsWith('kind:')
          ? view.objects.filter(o => o.object.kind === t.slice(5)).map(o => `${o.object.kind}.${o.object.metadata.name}`)
          : view.all(t).map(b => b.address)
      );
      for (const address of addresses) {
        if (!flagged.has(`${input.stack} ${rule.name} ${address}`)) {
          lines.push({ stack: input.stack, rule: rule.name, ruleId: rule.ruleId, priority: rule.priority, address, status: 'pass' });
        }
      }
    }
  }
  const order = (l: ReportLine) => `${report.stacks.indexOf(l.stack).toString().padStart(3, '0')} ${l.rule} ${l.address}`;
  return lines.sort((a, b) => order(a).localeCompare(order(b)));
}
