#!/usr/bin/env node
// The app command of cdktf.json (and the runner of the TypeScript npm scripts): runs a TypeScript entry point (main.ts
// unless one is named: `node scripts/launch.mjs scripts/policy.ts --json`) from a bundle that is rebuilt only when
// one of its inputs changed.
// tsx spends most of a synth in its loader hooks on every module the app loads; a bundle of the project's own code
// (packages stay external, so `require.resolve` of package data works exactly as from the sources) run by plain
// node does the same work in about half the time. A stale bundle never runs: the cache key is a content hash of
// every source file the last build read, package-lock.json and the build settings, checked on every run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// Inside the project, so the bundle resolves packages from its node_modules; the bench gives each cold run its own.
const cacheDir = resolve(root, process.env.APP_BUNDLE_CACHE ?? join('node_modules', '.cache', 'eks-platform-app'));
const named = process.argv[2]?.endsWith('.ts') ? process.argv[2] : undefined;
const entry = relative(root, resolve(named ?? join(root, 'main.ts')));
const manifestFile = join(cacheDir, `${entry.replace(/[^A-Za-z0-9]+/g, '-')}.manifest.json`);

/** Everything that changes the bundle besides its input files. */
const BUILD_SETTINGS = {
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  packages: 'external',
  sourcemap: 'external',
  metafile: true,
  write: false,
  logLevel: 'error',
};
const FIXED_INPUTS = ['package-lock.json', 'tsconfig.json', 'scripts/launch.mjs'];

function readOrNull(file) {
  try {
    return readFileSync(resolve(root, file));
  } catch {
    return null;
  }
}

/** The cache key of a bundle built from `inputs`; a missing input gives a key no manifest holds. */
export function cacheKey(inputs) {
  const hash = createHash('sha256').update(JSON.stringify(BUILD_SETTINGS));
  for (const file of [...FIXED_INPUTS, ...[...inputs].sort()]) {
    const content = readOrNull(file);
    hash.update(`${file}\0${content === null ? 'missing' : content.length}\0`);
    if (content !== null) hash.update(content);
  }
  return hash.digest('hex').slice(0, 32);
}

/** Writes through a private temporary file and a rename, so a concurrent synth never reads a half-written file. */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

function cachedBundle() {
  const manifest = readOrNull(manifestFile);
  if (manifest === null) return undefined;
  const { key, inputs } = JSON.parse(manifest.toString('utf8'));
  const bundle = join(cacheDir, `${key}.cjs`);
  return cacheKey(inputs) === key && existsSync(bundle) ? bundle : undefined;
}

/**
 * `__dirname` and `__filename` of a project file keep meaning that file's folder and path inside the bundle (which
 * lives elsewhere): each is rewritten to a path relative to the bundle, so a moved project keeps working.
 */
const projectPaths = {
  name: 'project-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, args => {
      const source = readFileSync(args.path, 'utf8');
      if (args.path.includes('/node_modules/') || !/\b__(dirname|filename)\b/.test(source)) return undefined;
      const fromBundle = file => JSON.stringify(relative(cacheDir, file));
      const contents = source
        .replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${fromBundle(dirname(args.path))})`)
        .replace(/\b__filename\b/g, `require('node:path').join(__dirname, ${fromBundle(args.path)})`);
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds the bundle of the entry point and writes its manifest; returns the bundle's path. */
export async function build() {
  const esbuild = await import('esbuild');
  const options = { ...BUILD_SETTINGS, absWorkingDir: root, outdir: cacheDir, plugins: [projectPaths] };
  const result = await esbuild.build(options);
  const inputs = Object.keys(result.metafile.inputs).filter(file => !file.startsWith('node_modules/'));
  const key = cacheKey(inputs);
  const bundle = join(cacheDir, `${key}.cjs`);
  mkdirSync(cacheDir, { recursive: true });
  for (const output of result.outputFiles) {
    const target = output.path.endsWith('.map') ? `${bundle}.map` : bundle;
    writeAtomically(target, output.contents);
  }
  writeAtomically(manifestFile, JSON.stringify({ key, inputs }, null, 2));
  pruneOldBundles();
  return bundle;
}

/** Removes bundles no manifest names any more, once they are an hour old (a concurrent run may still load one). */
function pruneOldBundles() {
  const files = readdirSync(cacheDir);
  const named = new Set(files.filter(f => f.endsWith('.manifest.json')).map(f => readOrNull(join(cacheDir, f))));
  const keys = new Set([...named].filter(Boolean).map(m => JSON.parse(m.toString('utf8')).key));
  for (const file of files.filter(f => /\.cjs(\.map)?$/.test(f) && !keys.has(f.split('.')[0]))) {
    const path = join(cacheDir, file);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
  }
}

/**
 * Rewrites the bundle's frames of a stack trace to the TypeScript lines they came from. Done here, on failure only,
 * because `--enable-source-maps` parses every loaded package's map up front (about 0.2 s and 35 MB per synth).
 */
function mapStack(error, bundle) {
  if (typeof error.stack !== 'string' || !existsSync(`${bundle}.map`)) return;
  const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  const escaped = bundle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  error.stack = error.stack.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g'), (frame, line, column) => {
    const found = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!found?.originalSource) return frame;
    const source = resolve(cacheDir, found.originalSource);
    return `${relative(process.cwd(), source)}:${found.originalLine + 1}:${found.originalColumn + 1}`;
  });
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const bundle = cachedBundle() ?? (await build());
  // The entry sees the argv it would see under `node --import tsx <entry> ...`.
  process.argv = [process.argv[0], join(root, entry), ...process.argv.slice(named ? 3 : 2)];
  try {
    createRequire(import.meta.url)(bundle);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    mapStack(error, bundle);
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  }
}
