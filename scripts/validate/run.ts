/**
 * `npm run validate`: the real `terraform validate` on every synthesized stack (cdktf.out/stacks/<stack>/cdk.tf.json),
 * offline, against stand-in providers that serve the schema of the prebuilt bindings in node_modules. Terraform finds
 * them through a CLI configuration with `provider_installation { dev_overrides }`, so no `terraform init` and no
 * download is needed (https://developer.hashicorp.com/terraform/cli/config/config-file, "Development Overrides for
 * Provider Developers").
 * First it proves the check can fail: copies of a stack with one mistake each must fail with Terraform's own message.
 *
 *   npm run validate [-- --jobs N]
 *
 * Exit code 0 when every stack is valid and every mistake is caught, 1 otherwise, 2 on bad arguments.
 */
import { execFile, execFileSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { promisify } from 'util';
import { mistakes } from './mistakes';
import { cachedProviderSchema, fullSource, installedProviders, ProviderPackage, ProviderSchema } from './providers';

// required on first use: @grpc/* and typescript are most of this script's load, and a usage error needs neither
/* eslint-disable @typescript-eslint/no-require-imports -- an import would load them at start */
const protocol = () => require('./protocol') as typeof import('./protocol');
const plugin = () => require('./compile-plugin') as typeof import('./compile-plugin');
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = resolve(__dirname, '..', '..');
const STACKS = join(ROOT, 'cdktf.out', 'stacks');
const CACHE = join(ROOT, 'node_modules', '.cache', 'tf-standin-providers');
const DEV_OVERRIDES_WARNING = 'Provider development overrides are in effect';
const VALIDATE_TIMEOUT_MS = 5 * 60 * 1000;
const run = promisify(execFile);

interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}
interface ValidateResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}
type Json = Record<string, unknown>;

function terraformVersion(): string | undefined {
  try {
    const out = execFileSync('terraform', ['version', '-json'], {
      encoding: 'utf8',
      env: quietEnv(),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

function quietEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...extra };
}

function stackNames(): string[] {
  if (!existsSync(STACKS)) return [];
  return readdirSync(STACKS)
    .filter(s => existsSync(join(STACKS, s, 'cdk.tf.json')))
    .sort();
}

function readStack(dir: string): Json {
  return JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Json;
}

/** Full source addresses of every provider the stacks require. */
function requiredSources(stacks: string[]): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  for (const stack of stacks) {
    const terraform = (readStack(join(STACKS, stack)).terraform ?? {}) as Json;
    const required = (terraform.required_providers ?? {}) as Record<string, { source?: string }>;
    for (const [local, spec] of Object.entries(required)) {
      const source = fullSource(spec.source ?? local);
      bySource.set(source, [...(bySource.get(source) ?? []), stack]);
    }
  }
  return bySource;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The dev_overrides directory of one provider: an executable `terraform-provider-<type>` that starts the plugin. */
function installStandIn(
  pkg: ProviderPackage,
  schema: ProviderSchema,
  schemaFile: string,
  dir: string,
  pluginDir: string,
): string {
  const encoded = schemaFile.replace(/\.schema\.json$/, '.pb');
  if (!existsSync(encoded)) writeFileSync(encoded, protocol().encodeSchemaResponse(schema));
  const providerDir = join(dir, pkg.type);
  mkdirSync(providerDir, { recursive: true });
  const command = [process.execPath, join(pluginDir, 'plugin.js'), encoded, schemaFile].map(shellQuote);
  writeFileSync(join(providerDir, `terraform-provider-${pkg.type}`), `#!/bin/sh\nexec ${command.join(' ')}\n`, {
    mode: 0o755,
  });
  return providerDir;
}

function cliConfig(overrides: Map<string, string>): string {
  const lines = [...overrides].map(([source, dir]) => `    ${JSON.stringify(source)} = ${JSON.stringify(dir)}`);
  return `provider_installation {\n  dev_overrides {\n${lines.join('\n')}\n  }\n  direct {}\n}\n`;
}

async function validate(dir: string, env: NodeJS.ProcessEnv): Promise<ValidateResult> {
  const options = { cwd: dir, env, maxBuffer: 64 << 20, timeout: VALIDATE_TIMEOUT_MS };
  const result = await run('terraform', ['validate', '-json', '-no-color'], options).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`terraform validate in ${dir} failed: ${error.stderr ?? error}`);
      return { stdout: error.stdout };
    },
  );
  const parsed = JSON.parse(result.stdout) as ValidateResult;
  return { ...parsed, diagnostics: parsed.diagnostics.filter(d => d.summary !== DEV_OVERRIDES_WARNING) };
}

function describe(d: Diagnostic): string {
  const at = d.range ? ` (${d.range.filename}:${d.range.start.line})` : '';
  return `  ${d.severity}: ${d.summary}${at}${d.detail ? `\n    ${d.detail.replace(/\n/g, '\n    ')}` : ''}`;
}

async function pool<T>(items: T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** How many `terraform validate` run at once: 2 unless `--jobs N`. */
function parseJobs(argv: string[]): number {
  if (argv.length === 0) return 2;
  if (argv.length === 2 && argv[0] === '--jobs' && /^[1-9]\d*$/.test(argv[1])) return Number(argv[1]);
  process.stderr.write('usage: npm run validate [-- --jobs N]\n');
  process.exit(2);
}

async function main(): Promise<number> {
  const jobs = parseJobs(process.argv.slice(2));
  const version = terraformVersion();
  if (!version) {
    process.stderr.write('terraform is not on PATH: npm run validate runs the real `terraform validate`; install it\n');
    return 1;
  }
  if (stackNames().length === 0) {
    console.log('no synthesized stacks: running cdktf synth');
    execFileSync('npx', ['cdktf', 'synth'], { cwd: ROOT, stdio: 'inherit', env: quietEnv() });
  }
  const stacks = stackNames();
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'tf-validate-'));
  try {
    const installed = new Map(installedProviders(join(ROOT, 'node_modules')).map(p => [p.source, p]));
    const overrides = new Map<string, string>();
    const schemas: ProviderSchema[] = [];
    const pluginDir = plugin().compiledPlugin(CACHE);
    for (const [source, users] of requiredSources(stacks)) {
      const pkg = installed.get(source);
      if (!pkg) {
        process.stderr.write(`no @cdktf/provider-* package serves ${source} (required by ${users.join(', ')})\n`);
        return 1;
      }
      const { schema, file } = cachedProviderSchema(pkg, CACHE);
      schemas.push(schema);
      overrides.set(source, installStandIn(pkg, schema, file, join(work, 'providers'), pluginDir));
    }
    writeFileSync(join(work, 'terraform.rc'), cliConfig(overrides));
    const env = quietEnv({ TF_CLI_CONFIG_FILE: join(work, 'terraform.rc'), TF_DATA_DIR: join(work, 'data') });
    console.log(`terraform ${version}, stand-in providers: ${[...overrides.keys()].join(', ')}`);

    let failures = 0;
    // the smallest stack makes the cheapest self-test; each copy holds exactly one mistake
    const base = [...stacks].sort((a, b) => size(a) - size(b))[0];
    const tests = mistakes(readStack(join(STACKS, base)), schemas).map((m, i) => ({ ...m, i }));
    const tasks: Array<() => Promise<void>> = [
      ...tests.map(m => async () => {
        const dir = join(work, 'self-test', String(m.i));
        cpSync(join(STACKS, base), dir, { recursive: true });
        writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(m.config, null, 2));
        const result = await validate(dir, env);
        const errors = result.diagnostics.filter(d => d.severity === 'error');
        const caught =
          !result.valid &&
          errors.length === 1 &&
          errors[0].summary === m.expect &&
          (errors[0].detail ?? '').includes(m.detail);
        if (!caught) failures++;
        console.log(
          `${caught ? 'caught' : 'MISSED'} ${base} with ${m.name}: expected "${m.expect}"` +
            (caught ? '' : `, got:\n${errors.map(describe).join('\n') || '  no error'}`),
        );
      }),
      ...stacks.map(stack => async () => {
        const t = Date.now();
        const result = await validate(join(STACKS, stack), env);
        if (!result.valid) failures++;
        const seconds = ((Date.now() - t) / 1000).toFixed(1);
        console.log(`${result.valid ? 'valid' : 'INVALID'} ${stack} (${seconds}s)`);
        for (const d of result.diagnostics) console.log(describe(d));
      }),
    ];
    await pool(tasks, jobs, task => task());
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      failures === 0
        ? `terraform validate: ${stacks.length} stacks valid, ${tests.length} mistakes caught (${seconds}s)`
        : `terraform validate: ${failures} failure(s) (${seconds}s)`,
    );
    return failures === 0 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function size(stack: string): number {
  return readFileSync(join(STACKS, stack, 'cdk.tf.json')).length;
}

main().then(
  code => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
