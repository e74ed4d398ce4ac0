import { hasChanges, isRisky, PlanSummary, summarizePlan } from './changes';
import { code, escapeHtml, fence, resourceDetails } from './markdown';
import type { PlanJson } from './plan-json';
import { sanitizeInputs } from './sanitize';
import { formatValue, maskedChange } from './values';

/** The hidden first line plan.yml looks for to update its one comment in place. */
export const PLAN_REVIEW_MARKER = '<!-- eks-platform-plan-review v1 -->';
/** GitHub refuses comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;
/** The default budget, with a margin under the limit. */
export const DEFAULT_MAX_LENGTH = 60000;
/** Room kept for the truncation note, closing tags and the footer. */
const RESERVE = 1200;
const MAX_ERROR_CHARS = 3000;

/**
 * What CI produced for a stack: `planned` (a `<stack>.json`), `failed` (a `<stack>.error` holding the error text),
 * `skipped` (a `<stack>.skipped` holding the reason), `invalid` (a plan file that cannot be read), `missing` (nothing).
 */
export type StackStatus = 'planned' | 'failed' | 'skipped' | 'invalid' | 'missing';

export interface StackInput {
  readonly stack: string;
  readonly status: StackStatus;
  readonly plan?: PlanJson;
  /** Error text, skip reason or parse problem. */
  readonly message?: string;
}

export interface RenderOptions {
  /** Longest output in characters. @default 60000 */
  readonly maxLength?: number;
  /** Commit the plans were made for. @default - not shown */
  readonly commit?: string;
  /** Link to the workflow run. @default - not shown */
  readonly runUrl?: string;
  /**
   * Where the report goes: `comment` (a truncation points at the job summary of the run) or `summary` (the job
   * summary itself, the full report: a truncation there points at a local plan). @default comment
   */
  readonly destination?: 'comment' | 'summary';
}

/** GitHub's limit of one step's job summary (1024k). */
export const JOB_SUMMARY_LIMIT = 1024 * 1024;

interface Stack extends StackInput {
  readonly summary?: PlanSummary;
}

/** A plan that Terraform itself reports as errored (only planned stacks have a plan). */
const errored = (s: Stack) => s.plan?.errored === true;

function statusText(s: Stack): string {
  if (s.status === 'failed' || errored(s)) return '❌ plan failed';
  if (s.status === 'invalid') return '❌ unreadable plan';
  if (s.status === 'missing') return '❔ no plan';
  if (s.status === 'skipped') return '⏭ skipped';
  if (!hasChanges(s.summary!)) return '✅ no changes';
  if (s.summary!.counts.unknown > 0) return '⚠️ review: unknown action';
  return isRisky(s.summary!) ? '⚠️ review: destroys or replaces' : '📝 changes';
}

const isFailed = (s: Stack) => s.status === 'failed' || s.status === 'invalid' || errored(s);

function table(stacks: readonly Stack[]): string {
  const rows = stacks.map(s => {
    const c = s.summary?.counts;
    const n = (v: number | undefined) => (v === undefined ? '–' : String(v));
    return (
      `| ${code(s.stack)} | ${n(c?.add)} | ${n(c?.change)} | ${n(c?.replace)} | ${n(c?.destroy)} | ` +
      `${n(c?.drift)} | ${statusText(s)} |`
    );
  });
  return (
    ['| Stack | Add | Change | Replace | Destroy | Drift | Status |', '|---|--:|--:|--:|--:|--:|---|', ...rows].join(
      '\n',
    ) + '\n'
  );
}

/** Destroys, replacements, forgets and unknown actions: always shown, never folded. */
function attentionLines(stacks: readonly Stack[]): string[] {
  const lines: string[] = [];
  for (const s of stacks) {
    if (s.summary === undefined) continue;
    for (const c of s.summary.changes) {
      if (!['replace', 'delete', 'forget', 'unknown'].includes(c.kind)) continue;
      const why: string[] = [];
      if (c.replacePaths.length > 0) why.push(`forced by ${c.replacePaths.map(code).join(', ')}`);
      if (c.reason !== undefined) why.push(`reason ${code(c.reason)}`);
      const verb =
        c.kind === 'unknown'
          ? `has an action this renderer does not know (${code(c.actions.join(', '))}): review the raw plan`
          : c.kind === 'delete'
            ? 'will be **destroyed**'
            : c.kind === 'replace'
              ? `will be **replaced** ` +
                `(${c.replaceOrder === 'create-before-destroy' ? 'create before destroy' : 'destroy before create'})`
              : 'will be **forgotten** (removed from state, not destroyed)';
      const moved = c.previousAddress !== undefined ? ` (moved from ${code(c.previousAddress)})` : '';
      const forcedBy = why.length > 0 ? ` — ${why.join('; ')}` : '';
      lines.push(`- **${s.stack}**: ${code(c.address)}${moved} ${verb}${forcedBy}`);
    }
  }
  return lines;
}

function problemBlock(s: Stack): string {
  if (s.status === 'missing') return `- **${s.stack}**: no plan file was produced (the job may have stopped earlier)\n`;
  if (s.status === 'skipped')
    return `- **${s.stack}**: skipped${s.message ? `: ${escapeHtml(s.message.trim().split('\n')[0])}` : ''}\n`;
  const message = (s.message ?? 'the plan reports errored: true').trim();
  const text = message.length > MAX_ERROR_CHARS ? `…${message.slice(-MAX_ERROR_CHARS)}` : message;
  const title = s.status === 'invalid' ? 'the plan file cannot be read' : 'terraform plan failed';
  return (
    `- **${s.stack}**: ${title}\n\n<details><summary>${escapeHtml(s.stack)}: ` +
    `error</summary>\n\n${fence('text', text)}</details>\n\n`
  );
}

function outputBlock(outputs: PlanSummary['outputs']): string {
  if (outputs.length === 0) return '';
  const lines = outputs.map(o => {
    const { before, after } = maskedChange(o.change);
    return `- ${code(o.name)} ${o.kind}: ${code(formatValue(before))} → ${code(formatValue(after))}`;
  });
  return `**Output changes** (${outputs.length}):\n\n${lines.join('\n')}\n\n`;
}

/** A fold of self-contained blocks: the blocks can be dropped one by one to fit the budget. */
interface Segment {
  readonly open: string;
  readonly blocks: readonly string[];
  readonly close: string;
}

/** One stack's section: a heading with the output changes, the resource changes fold, and the drift fold. */
function stackSegments(s: Stack): Segment[] {
  const sum = s.summary;
  if (sum === undefined || (!hasChanges(sum) && sum.drift.length === 0)) return [];
  const c = sum.counts;
  const extras = [
    c.moved && `${c.moved} moved`,
    c.imported && `${c.imported} imported`,
    c.forget && `${c.forget} forgotten`,
    c.read && `${c.read} data reads`,
  ].filter(Boolean);
  const title =
    `${s.stack}: Plan: ${c.add + c.replace} to add, ${c.change} to change, ${c.destroy + c.replace} to destroy` +
    (extras.length > 0 ? ` (${extras.join(', ')})` : '');
  const segments: Segment[] = [
    {
      open: `### ${s.stack}\n\n${outputBlock(sum.outputs)}<details><summary>${escapeHtml(title)}</summary>\n\n`,
      blocks: sum.changes.map(resourceDetails),
      close: '</details>\n\n',
    },
  ];
  if (sum.drift.length > 0) {
    segments.push({
      open:
        `<details><summary>ℹ️ ${escapeHtml(s.stack)}: ${sum.drift.length} object(s) changed outside ` +
        `Terraform</summary>\n\n`,
      blocks: sum.drift.map(resourceDetails),
      close: '</details>\n\n',
    });
  }
  return segments;
}

/** How many of `sizes` fit, in order, in `room` characters: once one does not fit, no later one is taken. */
export function fitting(sizes: readonly number[], room: number): number {
  let used = 0;
  const first = sizes.findIndex(size => (used += size) > room);
  return first === -1 ? sizes.length : first;
}

/** The first `shown` of `items`, then a line that counts the rest, if any, and says where they are. */
function listed(items: readonly string[], shown: number, elsewhere: string): string {
  const rest = items.length - shown;
  return items.slice(0, shown).join('') + (rest > 0 ? `- … and ${rest} more (${elsewhere})\n` : '') + '\n';
}

/** Renders the plans of all stacks (given in deploy order) as one Markdown report within `maxLength` characters. */
export function renderReport(inputs: readonly StackInput[], options: RenderOptions = {}): string {
  const summary = options.destination === 'summary';
  const maxLength = options.maxLength ?? (summary ? JOB_SUMMARY_LIMIT - 48 * 1024 : DEFAULT_MAX_LENGTH);
  const elsewhere = summary ? 'not shown' : 'see the job summary';
  // masking works on values (sanitizeInputs), never on the report's text: the marker, headings and addresses stay as
  // they are; only error messages, which are text, have the plans' long sensitive strings scrubbed
  const stacks: Stack[] = sanitizeInputs(inputs).map(i => ({ ...i, summary: i.plan && summarizePlan(i.plan) }));

  const changed = stacks.filter(s => s.summary && hasChanges(s.summary)).length;
  const failed = stacks.filter(isFailed).length;
  const missing = stacks.filter(s => s.status === 'missing').length;
  const skipped = stacks.filter(s => s.status === 'skipped').length;
  const total = stacks.reduce(
    (t, s) => {
      const c = s.summary?.counts;
      return c
        ? { add: t.add + c.add + c.replace, change: t.change + c.change, destroy: t.destroy + c.destroy + c.replace }
        : t;
    },
    { add: 0, change: 0, destroy: 0 },
  );
  const head =
    `${PLAN_REVIEW_MARKER}\n## Terraform plan: ${stacks.length} stacks, ${changed} with changes, ${failed} failed` +
    (missing > 0 ? `, ${missing} missing` : '') +
    (skipped > 0 ? `, ${skipped} skipped` : '') +
    `\n\n**Plan: ${total.add} to add, ${total.change} to change, ${total.destroy} to destroy.**\n\n` +
    table(stacks) +
    '\n';
  const problemBlocks = stacks.filter(s => s.status !== 'planned' || errored(s)).map(problemBlock);
  const problemBudget = Math.floor(maxLength / 4);
  const footerParts = [
    options.commit && `Commit ${code(options.commit.slice(0, 12))}`,
    options.runUrl && `[workflow run](${options.runUrl})`,
    'counts per stack: each resource in one column; "to add/destroy" count a replacement in both, like terraform plan',
  ];
  const footer = `---\n_${footerParts.filter(Boolean).join(' · ')}_\n`;

  const attention = attentionLines(stacks).map(line => `${line}\n`);
  const problemsLength = problemBlocks.reduce((n, b) => n + b.length, 0);
  const attentionBudget = maxLength - RESERVE - footer.length - Math.min(problemsLength, problemBudget);
  const attentionHeading = '### ⚠️ Destroys and replacements\n\n';
  const attentionShown = fitting(
    attention.map(l => l.length),
    attentionBudget - head.length - attentionHeading.length,
  );
  const problemsShown = fitting(
    problemBlocks.map(b => b.length),
    problemBudget,
  );
  let out = head;
  if (attention.length > 0) out += attentionHeading + listed(attention, attentionShown, elsewhere);
  if (problemBlocks.length > 0)
    out += '### ❌ Stacks without a usable plan\n\n' + listed(problemBlocks, problemsShown, elsewhere);
  let omitted = attention.length - attentionShown + problemBlocks.length - problemsShown;

  // the stack sections as one sequence of pieces: a fold's opening (with its closing tag, which follows whatever
  // of it is shown) and then its blocks; once a piece does not fit, none after it is shown, so the report never
  // skips ahead to a smaller one
  const segments = stacks.flatMap(stackSegments);
  const sizes = segments.flatMap(s => [s.open.length + s.close.length, ...s.blocks.map(b => b.length)]);
  let taken = fitting(sizes, maxLength - RESERVE - footer.length - out.length);
  for (const segment of segments) {
    if (taken === 0) {
      // a section of output changes alone has no blocks: it is still one item left out
      omitted += Math.max(segment.blocks.length, 1);
      continue;
    }
    const blocks = segment.blocks.slice(0, taken - 1);
    taken -= 1 + blocks.length;
    omitted += segment.blocks.length - blocks.length;
    out += segment.open + blocks.join('') + segment.close;
  }
  if (omitted > 0) {
    const size = maxLength.toLocaleString('en-US');
    const summaryLink =
      options.runUrl !== undefined ? `[job summary of this run](${options.runUrl})` : 'job summary of this run';
    out += summary
      ? `> ✂️ **Truncated:** ${omitted} item(s) were left out to keep this job summary under ${size} characters ` +
        `(GitHub's limit is 1 MiB). For the full plan of a stack, run \`scripts/deploy.sh --plan <stack>\`.\n\n`
      : `> ✂️ **Truncated:** ${omitted} item(s) were left out to keep this comment under ${size} characters ` +
        `(GitHub's limit is ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}). The full report is in the ` +
        `${summaryLink}.\n\n`;
  }
  return out + footer;
}
