import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { TerraformStack } from 'cdktf';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { buildPlatform, BuildOptions, PlatformApp } from '../app';
import { ChartObject, chartObjects } from './chart-objects';
import { StackModel, stackModel } from './stack-model';
import type { SynthesizedStack } from './synthesized-stack';

/** The synthesized stacks of one environment. */
export interface EnvironmentModel {
  readonly vpc: StackModel;
  readonly eks: StackModel;
  readonly addons: StackModel;
}

/** The synthesized platform: every stack by id, and the same stacks by role. */
export interface PlatformModel {
  readonly stacks: Readonly<Record<string, StackModel>>;
  readonly environments: Readonly<Record<string, EnvironmentModel>>;
  readonly shared: StackModel;
  readonly stateBackend: StackModel;
  /** The bootstrap stack of each environment in an account of its own, by environment name. */
  readonly accounts: Readonly<Record<string, StackModel>>;
}

/** The file {@link writeModel} writes into a synthesized folder, beside `stacks/`. */
export const MODEL_FILE = 'platform-model.json';

interface SerializedStack {
  readonly json: SynthesizedStack;
  readonly objects: readonly ChartObject[];
}

/** What {@link writeModel} serializes: the stacks' JSON and chart objects, and which stack has which role. */
interface SerializedModel {
  readonly stacks: Readonly<Record<string, SerializedStack>>;
  readonly environments: Readonly<Record<string, Readonly<Record<keyof EnvironmentModel, string>>>>;
  readonly shared: string;
  readonly stateBackend: string;
  readonly accounts: Readonly<Record<string, string>>;
}

const mapValues = <T, U>(record: Readonly<Record<string, T>>, f: (value: T, key: string) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value, key)]));

function fromSerialized(s: SerializedModel): PlatformModel {
  const stacks = mapValues(s.stacks, (st, id) => stackModel(id, st.json, st.objects));
  return {
    stacks,
    environments: mapValues(s.environments, e => ({
      vpc: stacks[e.vpc],
      eks: stacks[e.eks],
      addons: stacks[e.addons],
    })),
    shared: stacks[s.shared],
    stateBackend: stacks[s.stateBackend],
    accounts: mapValues(s.accounts, id => stacks[id]),
  };
}

function serialized(model: PlatformModel): SerializedModel {
  return {
    stacks: mapValues(model.stacks, st => ({ json: st.json, objects: st.objects })),
    environments: mapValues(model.environments, e => ({ vpc: e.vpc.id, eks: e.eks.id, addons: e.addons.id })),
    shared: model.shared.id,
    stateBackend: model.stateBackend.id,
    accounts: mapValues(model.accounts, st => st.id),
  };
}

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

/** Writes the model into `outdir` as one JSON file ({@link MODEL_FILE}), for processes that did not synthesize. */
export function writeModel(outdir: string, model: PlatformModel): void {
  writeFileSync(join(outdir, MODEL_FILE), JSON.stringify(serialized(model)));
}

/** The model {@link writeModel} wrote into `outdir`: equal to the {@link modelOf} it was written from. */
export function loadModel(outdir: string): PlatformModel {
  return fromSerialized(JSON.parse(readFileSync(join(outdir, MODEL_FILE), 'utf8')) as SerializedModel);
}
