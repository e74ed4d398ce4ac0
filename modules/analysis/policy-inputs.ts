import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { policySettings } from '../policies/settings';
import type { StackInput } from '../policies/types';
import type { PlatformModel } from './platform-model';

/**
 * What the policy engine reads of each synthesized stack: its JSON with the `"//"` comments (the constructs write
 * their suppressions there), the objects its local charts install, and the settings of its environment.
 */
export function policyInputs(
  model: PlatformModel,
  platform: PlatformConfig,
  environments: readonly EnvironmentConfig[],
): StackInput[] {
  const settings = policySettings(platform, environments);
  return Object.values(model.stacks).map(stack => ({
    stack: stack.id,
    json: stack.json,
    objects: stack.objects,
    settings: settings(stack.id),
  }));
}
