import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, relative, sep } from 'path';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import {
  renderTerragruntTree,
  ROOT_FILE,
  STACKS_DIR,
  TERRAGRUNT_DIR,
  terragruntUnits,
  TerragruntUnit,
  UNIT_FILE,
} from './terragrunt';

/** The file cdktf writes for every synthesized stack. */
const STACK_FILE = 'cdk.tf.json';

/** Throws, naming the unit, when a unit's synthesized stack is missing below `outdir` (run after `app.synth()`). */
export function checkUnitStacks(outdir: string, units: readonly TerragruntUnit[]): void {
  for (const unit of units) {
    const file = join(outdir, STACKS_DIR, unit.stackId, STACK_FILE);
    if (!existsSync(file)) {
      throw new Error(
        `Terragrunt unit "${unit.path}" runs stack "${unit.stackId}", but ${file} does not exist: was the stack ` +
          `synthesized?`,
      );
    }
  }
}

/** Generated files below `dir` (units, environment roots; skipping Terragrunt's caches), relative to `root`. */
function unitFiles(root: string, dir: string = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : unitFiles(root, path);
    // an environment's own root.hcl goes with its account: left behind, it would still configure the units below it
    const generated = entry.name === UNIT_FILE || (entry.name === ROOT_FILE && dir !== root);
    return generated ? [relative(root, path).split(sep).join('/')] : [];
  });
}

/**
 * Writes `<outdir>/terragrunt/` after `app.synth()`. Unit files of environments that no longer exist are removed
 * (their state stays in S3); Terragrunt's caches and lock files next to the units are kept.
 * @returns the paths written, relative to the tree
 */
export function writeTerragruntTree(
  outdir: string,
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
): string[] {
  const units = terragruntUnits(environments);
  const files = renderTerragruntTree(platform, units, environments); // checks the graph first
  checkUnitStacks(outdir, units);
  const root = join(outdir, TERRAGRUNT_DIR);
  for (const stale of unitFiles(root).filter(path => !(path in files))) rmSync(join(root, stale));
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return Object.keys(files);
}
