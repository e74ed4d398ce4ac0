import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');
/** The project's line limit (README; eslint's max-len and prettier's printWidth hold the TypeScript to it). */
const MAX_LENGTH = 120;
const CHECKED = /\.(sh|yml|ts|mjs|cjs|js)$/;
/** The mutation run's records and generated or downloaded folders (as .prettierignore): nobody writes their lines. */
const SKIPPED = [/^mutation\/incremental\//, /(^|\/)(cdktf\.out|\.gen|\.stryker-tmp|reports|node_modules)\//];

/** Every line over MAX_LENGTH characters of the git-tracked files of `root` that are checked, as `file:line (n)`. */
function longLines(root: string): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${root}: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter(f => CHECKED.test(f) && !SKIPPED.some(s => s.test(f)));
  return files.flatMap(file =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => ([...line].length > MAX_LENGTH ? [`${file}:${i + 1} (${[...line].length})`] : [])),
  );
}

/** A git repository holding `files` (path to text), tracked. */
function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'line-length-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
  ]) {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  }
  return dir;
}

describe(`no line over ${MAX_LENGTH} characters`, () => {
  test('in any tracked shell, YAML, TypeScript or JavaScript file of the project', () => {
    expect(longLines(ROOT)).toEqual([]);
  });

  test('the check names the file and line of a long line, in each kind of file, and skips the exempt folders', () => {
    const long = 'x'.repeat(MAX_LENGTH + 1);
    const exact = 'y'.repeat(MAX_LENGTH);
    const dir = repoWith({
      'scripts/a.sh': `#!/usr/bin/env bash\necho ${long}\n`,
      '.github/workflows/b.yml': `on: push\n${exact}\n# ${long}\n`,
      'modules/c.ts': `${long}\n`,
      'd.mjs': `\n\n${long}`,
      'e.cjs': exact,
      'f.js': `// ${long}\n`,
      'docs/g.md': `${long}\n`,
      'mutation/incremental/h.ts': `${long}\n`,
      'cdktf.out/stacks/i.ts': `${long}\n`,
    });
    // a character beyond the Basic Multilingual Plane counts once, as an editor shows it
    writeFileSync(join(dir, 'scripts/j.sh'), `${'é'.repeat(MAX_LENGTH - 1)}😀\n`);
    spawnSync('git', ['add', '-A'], { cwd: dir });
    expect(longLines(dir).sort()).toEqual(
      [
        `scripts/a.sh:2 (${MAX_LENGTH + 6})`,
        `.github/workflows/b.yml:3 (${MAX_LENGTH + 3})`,
        `modules/c.ts:1 (${MAX_LENGTH + 1})`,
        `d.mjs:3 (${MAX_LENGTH + 1})`,
        `f.js:1 (${MAX_LENGTH + 4})`,
      ].sort(),
    );
  });

  test('an untracked file is not checked (only what git tracks is the project)', () => {
    const dir = repoWith({ 'a.ts': 'short\n' });
    writeFileSync(join(dir, 'b.ts'), `${'x'.repeat(MAX_LENGTH + 1)}\n`);
    expect(longLines(dir)).toEqual([]);
  });
});
