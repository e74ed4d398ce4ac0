import { execFileSync } from 'child_process';
import { join } from 'path';
import { blockSuppressions } from '../modules/policies/suppress';
import type { TerraformJson } from '../modules/policies/types';
import { ALL_STACK_IDS } from './read-helpers';
import { readPolicyStackJson } from './real-platform';

// The command runs in a child process, out of reach of the mutation run: it lives outside __tests__/policies/.
test('npm run policy -- --json reports every stack, passes and suppressions, and exits 0', () => {
  const stdout = execFileSync(
    process.execPath,
    ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/policy.ts', '--json'],
    {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
    },
  );
  const out = JSON.parse(stdout) as {
    stacks: string[];
    lines: { status: string; rule: string; stack: string; address: string }[];
    blocking: number;
  };
  expect(out.stacks.sort()).toEqual([...ALL_STACK_IDS].sort());
  expect(out.blocking).toBe(0);
  const suppressed = new Set(
    out.lines.filter(l => l.status === 'suppressed').map(l => `${l.rule} ${l.stack} ${l.address}`),
  );
  // exactly the suppressions the constructs wrote on the synthesized blocks
  const written = ALL_STACK_IDS.flatMap(stack =>
    blockSuppressions(readPolicyStackJson(stack) as TerraformJson).map(x => `${x.rule} ${stack} ${x.address}`),
  );
  expect(written.length).toBeGreaterThan(0);
  expect(suppressed).toEqual(new Set(written));
  expect(new Set(out.lines.filter(l => l.status === 'pass').map(l => l.rule)).size).toBeGreaterThan(40);
});
