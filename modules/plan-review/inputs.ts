import { basename, extname } from 'path';
import { parsePlanJson, PlanFileError } from './plan-json';
import type { StackInput } from './render';

/**
 * The file convention shared with plan.yml: `<stack>.json` is `terraform show -json` output, `<stack>.error` holds
 * the error text of a failed init/plan/show, `<stack>.skipped` the reason a stack was not planned.
 */
export const PLAN_FILE_EXTENSIONS = ['.json', '.error', '.skipped'] as const;

export interface ReadFile {
  (path: string): string;
}

/** The stack a file belongs to: `out/dev-vpc.json` -> `dev-vpc`. */
export function stackOfFile(path: string): string {
  return basename(path, extname(path));
}

/**
 * One stack's input from one file. A plan that cannot be read becomes `invalid` with the error naming the file
 * (its name only), so the other stacks still render.
 */
export function readStackInput(path: string, read: ReadFile): StackInput {
  const stack = stackOfFile(path);
  const ext = extname(path);
  // messages name the file, never its directory: on a runner that is a temporary path the report would publish
  const name = basename(path);
  if (!(PLAN_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    return { stack, status: 'invalid', message: `${name}: expected a ${PLAN_FILE_EXTENSIONS.join(', ')} file` };
  }
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { stack, status: 'missing', message: `${name}: cannot be read${code === undefined ? '' : ` (${code})`}` };
  }
  if (ext === '.error') return { stack, status: 'failed', message: text };
  if (ext === '.skipped') return { stack, status: 'skipped', message: text };
  try {
    return { stack, status: 'planned', plan: parsePlanJson(text, name) };
  } catch (e) {
    if (e instanceof PlanFileError) return { stack, status: 'invalid', message: e.message };
    throw e;
  }
}

/**
 * Inputs for every file, one per stack: a failure beats a plan (a stack with both `.json` and `.error` failed
 * after writing a partial plan). Stacks in `expected` without a file are `missing`.
 */
export function collectInputs(
  paths: readonly string[],
  read: ReadFile,
  expected: readonly string[] = [],
): StackInput[] {
  const rank = { invalid: 0, failed: 1, skipped: 2, planned: 3, missing: 4 } as const;
  const byStack = new Map<string, StackInput>();
  for (const path of paths) {
    const input = readStackInput(path, read);
    const prior = byStack.get(input.stack);
    if (prior === undefined || rank[input.status] < rank[prior.status]) byStack.set(input.stack, input);
  }
  for (const stack of expected) if (!byStack.has(stack)) byStack.set(stack, { stack, status: 'missing' });
  return [...byStack.values()];
}
