import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// Every temporary folder of a test run goes below one folder of the run's own, removed when the run ends. cdktf's
// Testing.synth makes a folder per synth and never removes it (about 800 a run, cdktf lib/testing/index.ts), and a
// /tmp grown to a million entries made each esbuild build of a project copy below it ~3 s slower: esbuild opens
// every parent folder of the project it resolves in (seen with `strace -e openat`).

/** Where `enterRunTmpdir` keeps the TMPDIR it replaced ('' when there was none). */
const OUTER_TMPDIR = 'EKS_PLATFORM_OUTER_TMPDIR';

/**
 * Points TMPDIR at a fresh folder: `os.tmpdir()` and `mktemp` read it, in this process and in the jest workers and
 * scripts it starts afterwards (they inherit the environment).
 */
export function enterRunTmpdir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'eks-platform-test-'));
  process.env[OUTER_TMPDIR] = process.env.TMPDIR ?? '';
  process.env.TMPDIR = folder;
  return folder;
}

/** Removes the run's folder and gives TMPDIR back: the mutation run starts jest many times in one process. */
export function leaveRunTmpdir(): void {
  const outer = process.env[OUTER_TMPDIR];
  const folder = process.env.TMPDIR;
  if (outer === undefined || folder === undefined) return;
  rmSync(folder, { recursive: true, force: true });
  if (outer === '') delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  delete process.env[OUTER_TMPDIR];
}
