import { ENVIRONMENTS, platform } from '../environments';
import { evaluate, formatFinding } from '../modules/policies/engine';
import { policySettings } from '../modules/policies/settings';
import type { StackInput, TerraformJson } from '../modules/policies/types';
import { ALL_STACK_IDS } from './read-helpers';
import { readPolicyStackJson, realModel } from './real-platform';

// The real stacks with the Kubernetes objects their local charts render (taken from the construct tree by the one
// synth of the run, modules/analysis/).
const settings = policySettings(platform, ENVIRONMENTS);
const inputs: StackInput[] = ALL_STACK_IDS.map(id => ({
  stack: id,
  json: readPolicyStackJson(id) as TerraformJson,
  objects: realModel().stacks[id].objects,
  settings: settings(id),
}));

describe('the real stacks with their rendered Kubernetes objects', () => {
  test('include the rendered EC2NodeClass and ClusterSecretStore (the Kubernetes-object rules see them)', () => {
    const kinds = inputs.flatMap(i => (i.objects ?? []).map(o => o.object.kind));
    expect(kinds).toEqual(expect.arrayContaining(['EC2NodeClass', 'ClusterSecretStore']));
  });

  test('have no unsuppressed P0 finding', () => {
    expect(
      evaluate(inputs)
        .failures.filter(f => f.priority === 'P0')
        .map(formatFinding),
    ).toEqual([]);
  });
});
