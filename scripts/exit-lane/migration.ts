/**
 * Moves a copy of this project from cdktf 0.21 to CDK Terrain (cdktn), the community fork
 * (https://github.com/open-constructs/cdk-terrain; upgrade guide: cdktn.io/docs/release/upgrade-guide-v0-22).
 */

/** The versions the exit lane moves to, pinned exactly. */
export const CDKTN = {
  core: '0.24.0',
  cli: '0.24.0', // needs Node >= 22.19
  providerAws: '25.7.0', // generated from hashicorp/aws 6.66.0
  // cdktn 0.24 declares the peer range constructs >=10.6.0 <10.8.0; the project's 10.8.x is outside it
  constructs: '10.7.2',
} as const;

/** Module specifiers that change; `@cdktf/provider-helm` and `-kubernetes` have no cdktn build and stay. */
const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ['cdktf', 'cdktn'],
  ['@cdktf/provider-aws', '@cdktn/provider-aws'],
];

const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g;

/** Rewrites import / require specifiers `cdktf` and `@cdktf/provider-aws` (and their subpaths); nothing else. */
export function rewriteImports(source: string): string {
  return source.replace(SPECIFIER, (whole, keyword: string, quote: string, specifier: string) => {
    for (const [from, to] of RENAMED) {
      if (specifier === from || specifier.startsWith(`${from}/`)) {
        return `${keyword}${quote}${to}${specifier.slice(from.length)}${quote}`;
      }
    }
    return whole;
  });
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

type Dependencies = Record<string, string>;

function renamed(deps: Dependencies | undefined, from: string, to: string, version: string): Dependencies {
  const out = { ...deps };
  if (!(from in out)) throw new Error(`package.json has no ${from} to move to ${to}`);
  delete out[from];
  out[to] = version;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The copy's package.json: cdktn, cdktn-cli and @cdktn/provider-aws instead of their cdktf packages, constructs
 * inside cdktn's peer range, and an npm override that makes every `cdktf` (the helm and kubernetes providers'
 * peer) load cdktn, so one core library serves every construct (two cores fail at synth).
 */
export function migratePackageJson(pkg: PackageJson): PackageJson {
  const core = renamed(pkg.dependencies, 'cdktf', 'cdktn', CDKTN.core);
  const dependencies = renamed(core, '@cdktf/provider-aws', '@cdktn/provider-aws', CDKTN.providerAws);
  dependencies.constructs = CDKTN.constructs;
  return {
    ...pkg,
    dependencies,
    devDependencies: renamed(pkg.devDependencies, 'cdktf-cli', 'cdktn-cli', CDKTN.cli),
    overrides: { ...pkg.overrides, cdktf: `npm:cdktn@${CDKTN.core}`, constructs: '$constructs' },
  };
}
