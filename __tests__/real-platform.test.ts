import { TerraformStack } from 'cdktf';
import { ALL_STACK_IDS, realPlatform, realStack, synth } from './helpers';

// The suites read the run's one synth (global-setup.ts) where they used to call `Testing.synth` per suite: that must
// change nothing they see.
describe('the shared synth of the test run', () => {
  test.each(ALL_STACK_IDS)('%s reads exactly as Testing.synth returns it', id => {
    const stack = realPlatform().app.node.findChild(id) as TerraformStack;
    expect(realStack(id)).toEqual(synth(stack));
  });
});
