import { Annotations, IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { chartObjects } from '../analysis/chart-objects';
import { evaluate, formatFinding } from './engine';
import { RULES } from './rules';
import type { PolicyRule, PolicySettings, RenderedObject, TerraformJson } from './types';

/** Properties for {@link PolicyAspect}. */
export interface PolicyAspectProps {
  /** Settings of a stack by id (admin allow-list, secret prefixes). @default - no settings */
  readonly settings?: (stackId: string) => PolicySettings | undefined;
  /** @default - RULES */
  readonly rules?: readonly PolicyRule[];
}

/** Thrown when a stack has unsuppressed P0 findings. */
export class PolicyViolationError extends Error {}

/** The Kubernetes objects rendered into local charts under `stack`. */
export function renderedObjects(stack: TerraformStack): RenderedObject[] {
  return chartObjects(stack);
}

/**
 * Runs the policy rules over each stack's synthesized JSON at synth. Unsuppressed P0 findings become error
 * annotations and fail synth; P1 findings (and unused suppressions) become warnings, P2 info.
 *
 * `cdktf synth` (which sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) collects the error annotations of every
 * stack, prints them and fails. `Testing.synth` ignores annotations, so outside the CLI the aspect also throws.
 */
export class PolicyAspect implements IAspect {
  private readonly checked = new WeakSet<TerraformStack>();

  constructor(private readonly props: PolicyAspectProps = {}) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack) || this.checked.has(node)) return;
    const stack = node.node.id;
    const json = node.toTerraform() as TerraformJson;
    const report = evaluate(
      [{ stack, json, objects: renderedObjects(node), settings: this.props.settings?.(stack) }],
      this.props.rules ?? RULES,
    );
    const annotations = Annotations.of(node);
    for (const f of report.failures) {
      if (f.priority === 'P0') annotations.addError(formatFinding(f));
      else if (f.priority === 'P1') annotations.addWarning(formatFinding(f));
      else annotations.addInfo(formatFinding(f));
    }
    const blocking = report.failures.filter(f => f.priority === 'P0');
    // a stack that passed is not checked again (Testing.synth and app.synth both run aspects); a failing one is
    if (blocking.length === 0) this.checked.add(node);
    if (blocking.length > 0 && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== 'true') {
      throw new PolicyViolationError(
        `${stack}: ${blocking.length} policy finding(s) block synth (fix them, or accept one with a reasoned ` +
          `suppress(resource, rule, reason) in the construct that creates it, modules/policies/suppress.ts):\n` +
          blocking.map(f => `  ${formatFinding(f)}`).join('\n'),
      );
    }
  }
}
