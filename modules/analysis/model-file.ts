import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { ChartObject } from './chart-objects';
import { StackModel, stackModel } from './stack-model';
import type { SynthesizedStack } from './synthesized-stack';

// The model and its file, without cdktf or the app: a process that only reads a written model (the tests' JSON
// readers) loads this module, not every construct (`platform-model.ts` builds and synthesizes).

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
export interface SerializedModel {
  readonly stacks: Readonly<Record<string, SerializedStack>>;
  readonly environments: Readonly<Record<string, Readonly<Record<keyof EnvironmentModel, string>>>>;
  readonly shared: string;
  readonly stateBackend: string;
  readonly accounts: Readonly<Record<string, string>>;
}

export const mapValues = <T, U>(
  record: Readonly<Record<string, T>>,
  f: (value: T, key: string) => U,
): Record<string, U> => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value, key)]));

export function fromSerialized(s: SerializedModel): PlatformModel {
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

/** Writes the model into `outdir` as one JSON file ({@link MODEL_FILE}), for processes that did not synthesize. */
export function writeModel(outdir: string, model: PlatformModel): void {
  writeFileSync(join(outdir, MODEL_FILE), JSON.stringify(serialized(model)));
}

/** The model {@link writeModel} wrote into `outdir`: equal to the `modelOf` it was written from. */
export function loadModel(outdir: string): PlatformModel {
  return fromSerialized(JSON.parse(readFileSync(join(outdir, MODEL_FILE), 'utf8')) as SerializedModel);
}
