import type { ClassifiedChange } from './changes';
import { attributeChanges, formatValue, maskedChange } from './values';

/** Markdown and HTML helpers of the renderer, plus the per-resource detail block. */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const t = text.replace(/\n/g, ' ');
  return t.includes('`') ? `<code>${escapeHtml(t)}</code>` : `\`${t}\``;
}

/** A fenced block whose content cannot close the fence early. */
export function fence(lang: string, body: string): string {
  return `\`\`\`${lang}\n${body.replace(/```/g, '`\u200b``')}\n\`\`\`\n`;
}

const SYMBOL: Record<string, string> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '±',
  read: '<=',
  'no-op': '=',
  forget: '⊘',
  unknown: '?',
};
const MAX_ATTRIBUTE_LINES = 40;

/** How a change reads in a sentence: `replaced (create before destroy)`, `moved from x`, `imported`. */
export function describeChange(c: ClassifiedChange): string {
  const parts: string[] = [];
  if (c.kind === 'replace')
    parts.push(
      `replace (${c.replaceOrder === 'create-before-destroy' ? 'create before destroy' : 'destroy before create'})`,
    );
  else if (c.kind === 'unknown') parts.push(`unrecognised action ${c.actions.join(', ')}`);
  else if (c.kind !== 'no-op') parts.push(c.kind === 'forget' ? 'forget (removed from state, not destroyed)' : c.kind);
  if (c.previousAddress !== undefined) parts.push(`moved from ${c.previousAddress}`);
  if (c.importing) parts.push('import');
  if (c.deposed !== undefined) parts.push(`deposed object ${c.deposed}`);
  return parts.join(', ');
}

/** Attribute lines of one change as a diff: `+` after, `-` before; attributes that force a replacement are marked. */
export function changeDiffLines(c: ClassifiedChange): string[] {
  if (c.kind === 'unknown') {
    const { before, after } = maskedChange(c.change);
    return [`# before: ${formatValue(before)}`, `# after:  ${formatValue(after)}`];
  }
  const forced = new Set(c.replacePaths.map(p => p.split(/[.[]/)[0]));
  const lines: string[] = [];
  for (const a of attributeChanges(c.change)) {
    const mark = forced.has(a.name) ? '  # forces replacement' : '';
    if (a.before !== 'null') lines.push(`- ${a.name} = ${a.before}${mark}`);
    if (a.after !== 'null') lines.push(`+ ${a.name} = ${a.after}${mark}`);
  }
  if (lines.length > MAX_ATTRIBUTE_LINES) {
    return [...lines.slice(0, MAX_ATTRIBUTE_LINES), `# … ${lines.length - MAX_ATTRIBUTE_LINES} more lines`];
  }
  return lines;
}

/** One resource as a collapsed block: symbol, address and action in the summary, reason and attribute diff inside. */
export function resourceDetails(c: ClassifiedChange): string {
  const head = `${SYMBOL[c.kind]} <code>${escapeHtml(c.address)}</code> ${escapeHtml(describeChange(c))}`;
  const notes: string[] = [];
  if (c.reason !== undefined) notes.push(`reason: ${code(c.reason)}`);
  if (c.replacePaths.length > 0) notes.push(`replace_paths: ${c.replacePaths.map(code).join(', ')}`);
  const lines = changeDiffLines(c);
  const body = lines.length > 0 ? fence('diff', lines.join('\n')) : '_no attribute changes_\n';
  const noted = notes.length > 0 ? `${notes.join(' · ')}\n\n` : '';
  return `<details><summary>${head}</summary>\n\n${noted}${body}</details>\n`;
}
