import { Annotations, App, Aspects, DISABLE_STACK_TRACE_IN_METADATA } from 'cdktf';
import { StateBackendStack } from '../backend/state-backend-stack';
import { ConfigurationErrors, validateAll, ValidationOptions } from '../environments/validate';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { PolicyAspect } from './policies/aspect';
import { policySettings } from './policies/settings';
import { environmentPlatform, hasOwnAccount } from './naming';
import { AccountStack } from './stacks/account-stack';
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
  /** The bootstrap stack of each environment in an account of its own, by environment name. */
  readonly accounts: Readonly<Record<string, AccountStack>>;
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
export function buildPlatform(
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
  options: BuildOptions = {},
): PlatformApp {
  const warnings = validateAll(platform, environments, options);
  const app = new App({
    outdir: options.outdir,
    skipValidation: false,
    // no stack traces in manifest.json: they hold this machine's paths and the runner's frames, so two synths of the
    // same code would differ
    context: { [DISABLE_STACK_TRACE_IN_METADATA]: true },
  });
  const stateBackend = new StateBackendStack(app, { platform, environments });
  const shared = new SharedStack(app, { platform, environments });
  for (const warning of warnings.filter(w => w.startsWith('platform.'))) Annotations.of(shared).addWarning(warning);
  const stacks: Record<string, EnvironmentStacks> = {};
  const accounts: Record<string, AccountStack> = {};
  for (const env of environments) {
    // an environment in its own account: its stacks target that account (environmentPlatform), its bootstrap first
    if (hasOwnAccount(env)) accounts[env.name] = new AccountStack(app, { platform, env });
    const envPlatform = environmentPlatform(platform, env);
    const vpc = new VpcStack(app, { platform: envPlatform, env });
    const eks = new EksStack(app, { platform: envPlatform, env });
    const addons = new AddonsStack(app, { platform: envPlatform, env });
    stacks[env.name] = { vpc, eks, addons };
    for (const warning of warnings.filter(w => w.startsWith(`${env.name}.`))) Annotations.of(eks).addWarning(warning);
  }
  if (options.policies ?? true) {
    const aspect = new PolicyAspect({ settings: policySettings(platform, environments) });
    const layers = Object.values(stacks).flatMap(s => [s.vpc, s.eks, s.addons]);
    const all = [stateBackend, shared, ...Object.values(accounts), ...layers];
    for (const stack of all) Aspects.of(stack).add(aspect);
  }
  return { app, stateBackend, shared, accounts, environments: stacks, warnings };
}

/** The configuration errors of one run as a user reads them: one line per error (field, value, what is allowed). */
export function configurationErrorReport(errors: ConfigurationErrors): string {
  const count = errors.errors.length;
  const lines = errors.errors.map(e => `  - ${e.message}\n`).join('');
  return `invalid configuration, ${count} error${count === 1 ? '' : 's'}:\n${lines}`;
}

/**
 * Runs an entry point (main.ts, scripts/): invalid configuration prints its report to stderr and exits 1 without a
 * stack trace; any other exception is a bug and keeps its stack trace.
 */
export function exitOnConfigurationErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof ConfigurationErrors)) throw e;
    process.stderr.write(configurationErrorReport(e));
    return process.exit(1);
  }
}
