import { loadModel, PlatformModel } from '../modules/analysis/model-file';
import { withoutComments } from '../modules/analysis/synthesized-stack';

/** Tests read the lifecycle table at a fixed date so they do not change verdict as time passes. */
export const TEST_DATE = new Date('2026-11-26T12:00:00Z');

/** The environment variable through which `global-setup.ts` hands its synthesized folder to every suite. */
export const REAL_PLATFORM_OUTDIR = 'REAL_PLATFORM_OUTDIR';

/** A folder to synthesize into once and reuse across jest runs (set by the mutation run, which removes it). */
export const REAL_PLATFORM_REUSE = 'REAL_PLATFORM_REUSE';

/** The folder `npx cdktf synth` would write for the shipped platform (stacks, assets, Terragrunt tree). */
export function realOutdir(): string {
  const outdir = process.env[REAL_PLATFORM_OUTDIR];
  if (outdir === undefined) throw new Error(`${REAL_PLATFORM_OUTDIR} is not set: run the tests through jest.config.js`);
  return outdir;
}

let model: PlatformModel | undefined;

/** The model of the shipped platform that `global-setup.ts` wrote once per run, loaded once per suite. */
export function realModel(): PlatformModel {
  model ??= loadModel(realOutdir());
  return model;
}

/** A stack of the model as `Testing.synth` returns it: keys sorted, the `//` metadata blocks removed. */
export function readStackJson(id: string): unknown {
  return withoutComments(realModel().stacks[id].json);
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;
const policyStacks = new Map<string, unknown>();

/**
 * A stack of the model as the policy engine reads it: like {@link readStackJson}, but every resource and data source
 * keeps the part of its `//` comment the engine reads, its construct path and its suppressions (`suppress()`).
 */
export function readPolicyStackJson(id: string): unknown {
  if (!policyStacks.has(id)) {
    const stack = realModel().stacks[id];
    const json = withoutComments(stack.json) as Record<string, Blocks>;
    // a terraform_remote_state block has no comment, so no path
    for (const block of stack.byPath.values()) {
      const suppressions = (block.body['//'] as { suppressions?: unknown }).suppressions;
      json[block.kind][block.type][block.name]['//'] = {
        metadata: { path: block.path },
        ...(suppressions !== undefined ? { suppressions } : {}),
      };
    }
    policyStacks.set(id, json);
  }
  return policyStacks.get(id);
}
