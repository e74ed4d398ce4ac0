import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { buildPlatform, BuildOptions } from '../app';
import { SHARED_STACK_ID, stackId } from '../naming';

/** The parsed `cdk.tf.json` of one stack: what the cost report and the diagram read. */
export interface SynthesizedStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  /**
   * Kubernetes objects of the stack's local Helm charts (`helm_release.chart` = `assets/...`), read from the chart's
   * `files/*.yaml` next to `cdk.tf.json`: what the release installs, e.g. the ALB Ingress.
   */
  readonly localChartObjects?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly [key: string]: unknown;
}

/** The synthesized stacks of one environment. */
export interface SynthesizedEnvironment {
  readonly vpc: SynthesizedStack;
  readonly eks: SynthesizedStack;
  readonly addons: SynthesizedStack;
}

export interface SynthesizedPlatform {
  readonly shared: SynthesizedStack;
  readonly stateBackend: SynthesizedStack;
  readonly environments: Readonly<Record<string, SynthesizedEnvironment>>;
}

/** Every resource of `type` in a stack, by name. */
export function resourcesOf(stack: SynthesizedStack, type: string): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
  return stack.resource?.[type] ?? {};
}

/** How many instances of `type` a stack creates (a numeric `count` meta-argument counts that many). */
export function countOf(stack: SynthesizedStack, type: string): number {
  return Object.values(resourcesOf(stack, type)).reduce((n, r) => n + (typeof r.count === 'number' ? r.count : 1), 0);
}

/** A block cdktf renders either as an object or as a one-element list. */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/**
 * Builds and synthesizes the whole platform into a temporary directory (the real `app.synth()`, as `npx cdktf
 * synth` does) and returns each stack's JSON. Nothing here reaches AWS.
 */
export function synthesizePlatform(platform: PlatformConfig, environments: readonly EnvironmentConfig[], options: BuildOptions = {}): SynthesizedPlatform {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-synth-'));
  try {
    const { app, stateBackend } = buildPlatform(platform, environments, { ...options, outdir });
    app.synth();
    const read = (id: string): SynthesizedStack => readSynthesizedStack(join(outdir, 'stacks', id));
    const envs: Record<string, SynthesizedEnvironment> = {};
    for (const env of environments) {
      envs[env.name] = { vpc: read(stackId(env.name, 'vpc')), eks: read(stackId(env.name, 'eks')), addons: read(stackId(env.name, 'addons')) };
    }
    return { shared: read(SHARED_STACK_ID), stateBackend: read(stateBackend.node.id), environments: envs };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** One synthesized stack directory: `cdk.tf.json` plus the objects of its local charts. */
export function readSynthesizedStack(dir: string): SynthesizedStack {
  const stack = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
  const objects = Object.values(resourcesOf(stack, 'helm_release')).flatMap(release => {
    const chart = String(release.chart);
    const files = join(dir, chart, 'files');
    if (!chart.startsWith('assets/') || !existsSync(files)) return [];
    return readdirSync(files).filter(f => f.endsWith('.yaml')).sort().map(f => parse(readFileSync(join(files, f), 'utf8')) as Record<string, unknown>);
  });
  return { ...stack, localChartObjects: objects };
}
