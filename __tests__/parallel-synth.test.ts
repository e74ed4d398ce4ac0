import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { realOutdir } from './real-platform';

const ROOT = join(__dirname, '..');
const [, ...APP_ARGS] = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');

/** Runs the app command (cdktf.json `app`, `node ...`) into `outdir`, with `tmp` as its temporary folder. */
function synth(outdir: string, tmp: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, APP_ARGS, {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, TMPDIR: tmp, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('close', status => resolve({ status, stderr }));
  });
}

/** Every file under the stacks' assets folders, by path relative to the outdir. */
function chartAssets(outdir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(outdir, path), readFileSync(path));
    }
  };
  for (const stack of readdirSync(join(outdir, 'stacks'))) {
    const assets = join(outdir, 'stacks', stack, 'assets');
    try {
      walk(assets);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return files;
}

describe('synths running in parallel', () => {
  const work = mkdtempSync(join(tmpdir(), 'parallel-synth-'));
  const tmp = join(work, 'tmp'); // one temporary folder for all synths, as on one machine
  mkdirSync(tmp);
  const out = (name: string) => join(work, name);
  let results: Array<{ status: number | null; stderr: string }> = [];

  beforeAll(async () => {
    results = await Promise.all([synth(out('a'), tmp), synth(out('b'), tmp)]);
  }, 120_000);

  test('all succeed', () => {
    expect(results.map(r => [r.status, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
  });

  test('write the same chart assets, byte for byte, as each other and as a synth alone', () => {
    // the synth alone: the test run's one synth of the shipped platform (global-setup.ts), in its own folders
    const single = chartAssets(realOutdir());
    expect([...single.keys()].filter(p => p.endsWith('Chart.yaml')).length).toBeGreaterThanOrEqual(6);
    expect([...single.values()].every(content => content.length > 0)).toBe(true);
    for (const run of ['a', 'b']) {
      const assets = chartAssets(out(run));
      expect([...assets.keys()].sort()).toEqual([...single.keys()].sort());
      for (const [path, content] of single) {
        expect({ path, same: assets.get(path)!.equals(content) }).toEqual({ path, same: true });
      }
    }
  });

  test('render charts into private folders and leave none behind in the shared temporary folder', () => {
    expect(readdirSync(tmp).filter(name => name.includes('chart'))).toEqual([]);
  });
});
