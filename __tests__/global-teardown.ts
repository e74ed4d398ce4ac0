import { rmSync } from 'fs';
import { REAL_PLATFORM_OUTDIR } from './real-platform';

export default function globalTeardown(): void {
  const outdir = process.env[REAL_PLATFORM_OUTDIR];
  if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
}
