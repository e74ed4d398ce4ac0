import { rmSync } from 'fs';
import { REAL_PLATFORM_OUTDIR, REAL_PLATFORM_REUSE } from './real-platform';
import { leaveRunTmpdir } from './run-tmpdir';

export default function globalTeardown(): void {
  const outdir = process.env[REAL_PLATFORM_OUTDIR];
  if (outdir !== undefined && process.env[REAL_PLATFORM_REUSE] === undefined)
    rmSync(outdir, { recursive: true, force: true });
  leaveRunTmpdir();
}
