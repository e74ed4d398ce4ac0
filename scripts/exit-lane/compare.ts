import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import type { AllowedDifference } from './allowed-differences';

/** One place where the cdktn synth differs from the cdktf synth. `undefined` means absent on that side. */
export interface Difference {
  readonly file: string;
  /** Path inside a JSON file; empty for a whole file (missing, or different bytes). */
  readonly path: string;
  readonly main: unknown;
  readonly cdktn: unknown;
}

export interface Comparison {
  readonly files: number;
  readonly allowed: ReadonlyArray<{ readonly difference: Difference; readonly rule: AllowedDifference }>;
  readonly unexplained: readonly Difference[];
  /** Allowed differences that did not occur (worth pruning from the list, not a failure). */
  readonly unused: readonly AllowedDifference[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `a.b["//"][0]`: keys that are not identifiers are quoted, so every path reads back unambiguously. */
export function jsonPath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      return IDENTIFIER.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`;
    })
    .join('');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf where two JSON values differ; an array of another length differs as a whole. */
export function jsonDifferences(
  file: string,
  main: unknown,
  cdktn: unknown,
  at: ReadonlyArray<string | number> = [],
): Difference[] {
  if (isObject(main) && isObject(cdktn)) {
    const keys = [...new Set([...Object.keys(main), ...Object.keys(cdktn)])].sort();
    return keys.flatMap(k => jsonDifferences(file, main[k], cdktn[k], [...at, k]));
  }
  if (Array.isArray(main) && Array.isArray(cdktn) && main.length === cdktn.length) {
    return main.flatMap((v, i) => jsonDifferences(file, v, cdktn[i], [...at, i]));
  }
  return JSON.stringify(main) === JSON.stringify(cdktn) ? [] : [{ file, path: jsonPath(at), main, cdktn }];
}

/** Every file under `dir`, relative to it, with `/` separators. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Compares two synth outdirs file by file: JSON by value, everything else (assets, Terragrunt tree) byte for byte. */
export function outputDifferences(mainDir: string, cdktnDir: string): { files: number; differences: Difference[] } {
  const mainFiles = filesUnder(mainDir);
  const cdktnFiles = filesUnder(cdktnDir);
  const differences: Difference[] = [];
  for (const file of [...new Set([...mainFiles, ...cdktnFiles])].sort()) {
    const [inMain, inCdktn] = [mainFiles.includes(file), cdktnFiles.includes(file)];
    if (!inMain || !inCdktn) {
      const presence = (present: boolean) => (present ? 'present' : undefined);
      differences.push({ file, path: '', main: presence(inMain), cdktn: presence(inCdktn) });
      continue;
    }
    const [a, b] = [readFileSync(join(mainDir, file)), readFileSync(join(cdktnDir, file))];
    const parse = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));
    if (file.endsWith('.json')) differences.push(...jsonDifferences(file, parse(a), parse(b)));
    else if (!a.equals(b)) differences.push({ file, path: '', main: `${a.length} bytes`, cdktn: `${b.length} bytes` });
  }
  return { files: mainFiles.length, differences };
}

/** Sorts differences into those an allowed rule explains and the rest, which fail the lane. */
export function classify(
  files: number,
  differences: readonly Difference[],
  rules: readonly AllowedDifference[],
): Comparison {
  const allowed: Array<{ difference: Difference; rule: AllowedDifference }> = [];
  const unexplained: Difference[] = [];
  for (const difference of differences) {
    const { file, path } = difference;
    const rule = path === '' ? undefined : rules.find(r => r.file.test(file) && r.path.test(path));
    if (rule) allowed.push({ difference, rule });
    else unexplained.push(difference);
  }
  return { files, allowed, unexplained, unused: rules.filter(r => !allowed.some(a => a.rule === r)) };
}

export function compareOutdirs(mainDir: string, cdktnDir: string, rules: readonly AllowedDifference[]): Comparison {
  const { files, differences } = outputDifferences(mainDir, cdktnDir);
  return classify(files, differences, rules);
}

/** The comparison as a reader checks it: each difference not allowed, then the allowed ones grouped by value. */
export function comparisonReport(c: Comparison): string[] {
  const change = (d: Difference) =>
    `${d.path ? `${d.path}: ` : ''}${JSON.stringify(d.main)} -> ${JSON.stringify(d.cdktn)}`;
  const groups = new Map<string, { rule: AllowedDifference; files: string[] }>();
  for (const { difference, rule } of c.allowed) {
    const key = change(difference);
    groups.set(key, { rule, files: [...(groups.get(key)?.files ?? []), difference.file] });
  }
  return [
    `${c.files} files compared: ${c.unexplained.length} difference(s) not allowed, ${c.allowed.length} allowed`,
    ...c.unexplained.map(d => `NOT ALLOWED ${d.file} ${change(d)}`),
    ...[...groups].map(([key, g]) => `allowed in ${g.files.length} file(s) ${key}\n  because ${g.rule.reason}`),
    ...c.unused.map(r => `unused allowance ${r.file.source} ${r.path.source}: it no longer occurs`),
  ];
}
