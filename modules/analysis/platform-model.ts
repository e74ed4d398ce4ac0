import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { TerraformStack } from 'cdktf';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { buildPlatform, BuildOptions, PlatformApp } from '../app';
import { chartObjects } from './chart-objects';
import { fromSerialized, mapValues, PlatformModel } from './model-file';
import type { SynthesizedStack } from './synthesized-stack';

export { loadModel, MODEL_FILE, writeModel } from './model-file';
export type { EnvironmentModel, PlatformModel } from './model-file';

/**
 * Synthesizes the built platform once, as `main.ts` does (`app.synth()` into the app's outdir, assets included), and
 * models it: each stack's JSON as written, its blocks indexed, and the objects of its local charts from the tree.
 */
export function modelOf(built: PlatformApp): PlatformModel {
  const { app } = built;
  app.synth();
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  const read = (stack: TerraformStack): SynthesizedStack =>
    JSON.parse(readFileSync(join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
  const id = (stack: TerraformStack) => stack.node.id;
  return fromSerialized({
    stacks: Object.fromEntries(stacks.map(st => [id(st), { json: read(st), objects: chartObjects(st) }])),
    environments: mapValues(built.environments, e => ({ vpc: id(e.vpc), eks: id(e.eks), addons: id(e.addons) })),
    shared: id(built.shared),
    stateBackend: id(built.stateBackend),
    accounts: mapValues(built.accounts, id),
  });
}

/**
 * Builds and synthesizes the platform into a temporary folder (removed afterwards) and returns its model: what
 * `npm run cost` and `npm run diagram` read. Nothing here reaches AWS.
 */
export function synthesizeModel(
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
  options: BuildOptions = {},
): PlatformModel {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-synth-'));
  try {
    return modelOf(buildPlatform(platform, environments, { ...options, outdir }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
