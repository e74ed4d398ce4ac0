import { spawnSync, SpawnSyncReturns } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

/**
 * A sandbox to run one of the Bash scripts in against stub commands: a temporary folder with a `bin` of stubs first on
 * PATH, a `cdktf.out` for the synthesized stacks the script reads, and a log in which every stub records its call.
 */
export const ROOT = join(__dirname, '..');
/** Where the scripts find everything that is not a stub (node comes first: the one running jest, unless stubbed). */
const SYSTEM_PATH = ['/usr/bin', '/bin'];
/**
 * The bash that `#!/usr/bin/env bash` would start on the sandbox's PATH, named in each stub's first line instead:
 * a stub call is then one exec, not env's search of PATH (two misses) and a second exec. Stubs are called hundreds
 * of times a suite.
 */
const BASH = SYSTEM_PATH.map(d => join(d, 'bash')).find(existsSync);
const SHEBANG = `#!${BASH ?? '/usr/bin/env bash'}\n`;

export interface SandboxOptions {
  /** the folder's name starts with this */
  prefix: string;
  /** false: node is not on PATH either (a `node` stub must answer); default true */
  node?: boolean;
}

export interface ScriptSandbox {
  dir: string;
  bin: string;
  /** the cdktf.out the script reads (CDKTF_OUT) */
  out: string;
  /** Variables every run and tool call gets besides PATH, HOME, STUB_LOG and CDKTF_OUT (a stub's world file). */
  env: Record<string, string>;
  /** A stub `name` that records `name <args>` in the log, then runs `body` (Bash). */
  stub(name: string, body?: string): void;
  /** A stub `name` that runs the Bash script `file` (a stub client that answers for several commands, by $0). */
  stubFrom(name: string, file: string): void;
  /** The folder of a synthesized stack in `out`, with its cdk.tf.json if `json` is given. */
  stack(id: string, json?: unknown): string;
  /** Runs scripts/<script> with `args` from the project root, stdin empty, `env` over the sandbox's. */
  run(script: string, args: string[], env?: Record<string, string>): SpawnSyncReturns<string>;
  /** One call of a stub, as the script would make it. */
  tool(name: string, args: string[], input?: string): SpawnSyncReturns<string>;
  /** Every call the stubs recorded, oldest first. */
  calls(): string[];
  /** The calls with the stacks folder left out of their paths (`-chdir=dev-eks`). */
  stackCalls(): string[];
  /** Forgets the calls recorded so far. */
  clearCalls(): void;
}

export function scriptSandbox(options: SandboxOptions): ScriptSandbox {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const bin = join(dir, 'bin');
  const out = join(dir, 'cdktf.out');
  const log = join(dir, 'calls.log');
  mkdirSync(bin);
  writeFileSync(log, '');
  const env: Record<string, string> = {};
  const path = [bin, ...(options.node === false ? [] : [dirname(process.execPath)]), ...SYSTEM_PATH].join(':');
  const calls = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    dir,
    bin,
    out,
    env,
    stub: (name, body = '') =>
      writeFileSync(join(bin, name), `${SHEBANG}echo "${name} $*" >> "$STUB_LOG"\n${body}\n`, { mode: 0o755 }),
    stubFrom: (name, file) =>
      writeFileSync(join(bin, name), readFileSync(file, 'utf8').replace(/^#!.*\n/, SHEBANG), { mode: 0o755 }),
    stack: (id, json) => {
      const folder = join(out, 'stacks', id);
      mkdirSync(folder, { recursive: true });
      if (json !== undefined) writeFileSync(join(folder, 'cdk.tf.json'), JSON.stringify(json));
      return folder;
    },
    run: (script, args, runEnv = {}) =>
      spawnSync('bash', [join(ROOT, script), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        input: '',
        env: { PATH: path, HOME: dir, STUB_LOG: log, CDKTF_OUT: out, ...env, ...runEnv },
      }),
    tool: (name, args, input) =>
      spawnSync(join(bin, name), args, { encoding: 'utf8', input, env: { STUB_LOG: log, ...env } }),
    calls,
    stackCalls: () => calls().map(l => l.replace(`${out}/stacks/`, '')),
    clearCalls: () => writeFileSync(log, ''),
  };
}
