// Terraform starts each stand-in provider about twice per stack (once for the schemas, once to validate), so the
// plugin runs as plain JavaScript: transpiled once per source version instead of through tsx at every start
// (measured: ~0.3 s instead of ~0.5 s to the handshake line).
import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const SOURCES = ['plugin.ts', 'protocol.ts', 'msgpack.ts', 'read-only.ts'];
const PROTOS = ['tfplugin6.proto', 'grpc-controller.proto'];

/** The directory holding plugin.js, its module and protocol files; `cacheDir` must lie inside node_modules. */
export function compiledPlugin(cacheDir: string): string {
  const files = [...SOURCES, ...PROTOS];
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(join(__dirname, f)));
  const dir = join(cacheDir, `plugin-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, 'plugin.js'))) return dir;
  const staging = `${dir}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  for (const source of SOURCES) {
    const output = ts.transpileModule(readFileSync(join(__dirname, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    writeFileSync(join(staging, source.replace(/\.ts$/, '.js')), output);
  }
  for (const proto of PROTOS) copyFileSync(join(__dirname, proto), join(staging, proto));
  if (existsSync(dir)) rmSync(staging, { recursive: true, force: true });
  else renameSync(staging, dir);
  return dir;
}
