import { Annotations, App, Aspects } from 'cdktf';
import { StateBackendStack } from '../backend/state-backend-stack';
import { validateAll, ValidationOptions } from '../environments/validate';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { PolicyAspect } from './policies/aspect';
import { policySettings } from './policies/settings';
import { platformSuppressions } from './policies/suppressions';
import { AddonsStack } from './stacks/addons-stack';
import { EksStack } from './stacks/eks-stack';
import { SharedStack } from './stacks/shared-stack';
import { VpcStack } from './stacks/vpc-stack';

/** The stacks of one environment, in deploy order. */
export interface EnvironmentStacks {
  readonly vpc: VpcStack;
  readonly eks: EksStack;
  readonly addons: AddonsStack;
}

export interface PlatformApp {
  readonly app: App;
  readonly stateBackend: StateBackendStack;
  readonly shared: SharedStack;
  readonly environments: Readonly<Record<string, EnvironmentStacks>>;
  /** Configuration warnings (e.g. a Kubernetes version in extended support), also attached to the stacks. */
  readonly warnings: readonly string[];
}

export interface BuildOptions extends ValidationOptions {
  /** Output directory. @default - `CDKTF_OUTDIR` or `cdktf.out` */
  readonly outdir?: string;
  /**
   * Run the policy rules (`modules/policies/`) on every stack at synth: an unsuppressed P0 finding fails synth, P1
   * findings are warnings. @default true
   */
  readonly policies?: boolean;
}

/**
 * Validates the configuration, then builds every stack: state-backend, shared, and vpc -> eks -> addons per
 * environment. Validation throws before any stack exists.
 */
export function buildPlatform(platform: PlatformConfig, environments: readonly EnvironmentConfig[], options: BuildOptions = {}): PlatformApp {
  const warnings = validateAll(platform, environments, options);
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const stateBackend = new StateBackendStack(app, { platform });
  const shared = new SharedStack(app, { platform, environments });
  for (const warning of warnings.filter(w => w.startsWith('platform.'))) Annotations.of(shared).addWarning(warning);
  const stacks: Record<string, EnvironmentStacks> = {};
  for (const env of environments) {
    const vpc = new VpcStack(app, { platform, env });
    const eks = new EksStack(app, { platform, env });
    const addons = new AddonsStack(app, { platform, env });
    stacks[env.name] = { vpc, eks, addons };
    for (const warning of warnings.filter(w => w.startsWith(`${env.name}.`))) Annotations.of(eks).addWarning(warning);
  }
  if (options.policies ?? true) {
    const aspect = new PolicyAspect({ settings: policySettings(platform, environments), suppressions: platformSuppressions(environments) });
    for (const stack of [stateBackend, shared, ...Object.values(stacks).flatMap(s => [s.vpc, s.eks, s.addons])]) Aspects.of(stack).add(aspect);
  }
  return { app, stateBackend, shared, environments: stacks, warnings };
}
