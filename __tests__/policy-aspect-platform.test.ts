import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import { buildPlatform } from '../modules/app';
import { PolicyAspect } from '../modules/policies/aspect';
import { buildTestPlatform, TEST_DATE } from './helpers';

// Three syntheses of the whole platform: kept out of __tests__/policies/, the mutation run's tests of the rules
// (the aspect's own behaviour is stated in __tests__/policies/aspect.test.ts).
describe('the real platform with the aspect on', () => {
  test('every stack synthesizes', () => {
    const built = buildTestPlatform();
    expect(() => built.app.synth()).not.toThrow();
  });

  test('weakening the system launch template (IMDSv1) fails synth of dev-eks', () => {
    const built = buildTestPlatform();
    const eks = built.environments.dev.eks;
    const lt = eks.node.findAll().find((c): c is LaunchTemplate => c instanceof LaunchTemplate);
    expect(lt).toBeDefined();
    lt!.addOverride('metadata_options.http_tokens', 'optional');
    expect(() => Testing.synth(eks)).toThrow(/dev-eks: .*policy finding.*\n.*launch-template-imdsv2/);
  });

  test('the aspect is on every stack by default, and off with policies: false', () => {
    const hasAspect = (s: TerraformStack) => Aspects.of(s).all.some(a => a instanceof PolicyAspect);
    const on = buildTestPlatform();
    expect(
      [on.stateBackend, on.shared, ...Object.values(on.environments).flatMap(e => [e.vpc, e.eks, e.addons])].every(
        hasAspect,
      ),
    ).toBe(true);
    const off = buildPlatform(platform, ENVIRONMENTS, {
      today: TEST_DATE,
      outdir: mkdtempSync(join(tmpdir(), 'policy-off-')),
      policies: false,
    });
    expect(hasAspect(off.environments.dev.eks)).toBe(false);
  });
});
