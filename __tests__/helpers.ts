import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { ENVIRONMENTS, platform } from '../environments';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { buildPlatform, PlatformApp } from '../modules/app';

/** Tests read the lifecycle table at a fixed date so they do not change verdict as time passes. */
export const TEST_DATE = new Date('2026-11-26T12:00:00Z');

/** A synthesized stack: the parsed `cdk.tf.json`. */
export interface SynthesizedStack {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>> };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** Every resource of `type` in a synthesized stack, by name. */
export function resources(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** The one resource of `type`; fails when there is not exactly one. */
export function onlyResource(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resources(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export function dataSources(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.data?.[type] ?? {};
}

export function buildTestPlatform(
  environments: readonly EnvironmentConfig[] = ENVIRONMENTS,
  platformConfig: PlatformConfig = platform,
): PlatformApp {
  return buildPlatform(platformConfig, environments, { today: TEST_DATE, outdir: mkdtempSync(join(tmpdir(), 'cdktf-test-')) });
}

let cached: { app: PlatformApp; stacks: Map<string, SynthesizedStack> } | undefined;

/** The real platform (dev + prod), built once per test file, with each stack synthesized on first use. */
export function realPlatform(): PlatformApp {
  cached ??= { app: buildTestPlatform(), stacks: new Map() };
  return cached.app;
}

/** The synthesized JSON of one stack of the real platform, by stack id (`dev-vpc`). */
export function realStack(id: string): SynthesizedStack {
  const app = realPlatform();
  const stacks = cached!.stacks;
  if (!stacks.has(id)) {
    const stack = app.app.node.findChild(id) as TerraformStack;
    stacks.set(id, synth(stack));
  }
  return stacks.get(id)!;
}

export const ENV_NAMES = ENVIRONMENTS.map(e => e.name);
export const ALL_STACK_IDS = ['state-backend', 'shared', ...ENV_NAMES.flatMap(e => [`${e}-vpc`, `${e}-eks`, `${e}-addons`])];

/** Deep copy of an environment with some fields replaced, for tests of validation and alternatives. */
export function withEnv(base: EnvironmentConfig, patch: (env: Mutable<EnvironmentConfig>) => void): EnvironmentConfig {
  const copy = structuredClone(base) as Mutable<EnvironmentConfig>;
  patch(copy);
  return copy;
}

export function withPlatform(patch: (p: Mutable<PlatformConfig>) => void): PlatformConfig {
  const copy = structuredClone(platform) as Mutable<PlatformConfig>;
  patch(copy);
  return copy;
}

/** Recursively removes `readonly`, for building variants of typed configuration in tests. */
export type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
