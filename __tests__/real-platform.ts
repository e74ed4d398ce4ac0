import { readFileSync } from 'fs';
import { join } from 'path';

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

/** A stack's `cdk.tf.json` as `Testing.synth` returns it: keys sorted, the `//` metadata blocks removed. */
export function readStackJson(id: string): unknown {
  return withoutMetadata(JSON.parse(readFileSync(join(realOutdir(), 'stacks', id, 'cdk.tf.json'), 'utf8')));
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;
const policyStacks = new Map<string, unknown>();

/**
 * A stack's `cdk.tf.json` as the policy engine reads it: like {@link readStackJson}, but every resource and data source
 * keeps the part of its `//` comment the engine reads, its construct path and its suppressions (`suppress()`).
 */
export function readPolicyStackJson(id: string): unknown {
  if (!policyStacks.has(id)) {
    const file = join(realOutdir(), 'stacks', id, 'cdk.tf.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Blocks>;
    const json = withoutMetadata(raw) as Record<string, Blocks>;
    for (const kind of ['resource', 'data']) {
      for (const [type, named] of Object.entries(raw[kind] ?? {})) {
        for (const [name, body] of Object.entries(named)) {
          // a terraform_remote_state block has no comment
          const comment = body['//'] as { metadata: { path: string }; suppressions?: unknown } | undefined;
          if (comment === undefined) continue;
          json[kind][type][name]['//'] = {
            metadata: { path: comment.metadata.path },
            ...(comment.suppressions !== undefined ? { suppressions: comment.suppressions } : {}),
          };
        }
      }
    }
    policyStacks.set(id, json);
  }
  return policyStacks.get(id);
}

function withoutMetadata(item: unknown): unknown {
  if (Array.isArray(item)) return item.map(withoutMetadata);
  if (item === null || typeof item !== 'object') return item;
  return Object.fromEntries(
    Object.entries(item)
      .filter(([key]) => key !== '//')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, withoutMetadata(value)]),
  );
}
