import { execFileSync } from 'child_process';
import { join } from 'path';

/** One object's verdict from `crd-validate.mjs`. */
export interface CrdValidationResult {
  readonly kind: string;
  readonly name: string;
  readonly valid: boolean;
  readonly error?: string;
}

/**
 * Validates NodePool / EC2NodeClass / AppProject / ApplicationSet objects against @kubernetes-models. Those packages
 * are ESM-only (jest cannot load them), so this runs `crd-validate.mjs` in a plain node child process.
 */
export function validateCrds(objects: readonly unknown[]): CrdValidationResult[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'crd-validate.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(out) as CrdValidationResult[];
}
