import { readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS } from '../environments';
import { buildTestPlatform, realStack, resources, synth, SynthesizedStack, withPlatform } from './helpers';

/**
 * The account-level rule (karpenter-provider-aws troubleshooting.md; IAM user guide, service-linked roles): EC2
 * launches spot capacity only when `AWSServiceRoleForEC2Spot` exists, and creating a service-linked role that
 * exists fails ("has been taken in this account"). The model applies the shared stack to an account, then tries a
 * spot launch as Karpenter does.
 */
function applyToAccount(
  stack: SynthesizedStack,
  accountHasRole: boolean,
): { apply: 'ok' | 'fails'; spotLaunch: 'ok' | 'refused' } {
  const creates = Object.values(resources(stack, 'aws_iam_service_linked_role')).filter(
    r => r.aws_service_name === 'spot.amazonaws.com',
  );
  if (creates.length > 1) return { apply: 'fails', spotLaunch: 'refused' };
  if (creates.length === 1 && accountHasRole) return { apply: 'fails', spotLaunch: 'ok' };
  return { apply: 'ok', spotLaunch: accountHasRole || creates.length === 1 ? 'ok' : 'refused' };
}

const usesSpot = ENVIRONMENTS.filter(e => e.karpenter.capacityTypes.includes('spot')).map(e => e.name);

test('the shipped platform uses spot (dev is spot-only), so the account needs the role', () => {
  expect(usesSpot).toContain('dev');
});

test('fresh account: the shared stack creates the role once, and spot launches work', () => {
  expect(applyToAccount(realStack('shared'), false)).toEqual({ apply: 'ok', spotLaunch: 'ok' });
});

test('an account that has the role: the setting keeps the stack from creating it again', () => {
  const app = buildTestPlatform(
    ENVIRONMENTS,
    withPlatform(p => {
      p.createSpotServiceLinkedRole = false;
    }),
  );
  const shared = synth(app.shared);
  expect(applyToAccount(shared, true)).toEqual({ apply: 'ok', spotLaunch: 'ok' });
  // and what the setting prevents: the default stack on that account
  expect(applyToAccount(realStack('shared'), true).apply).toBe('fails');
});

test('the role is the AWS-named spot role, in the shared stack only', () => {
  const roles = resources(realStack('shared'), 'aws_iam_service_linked_role');
  // the address docs/DEPLOYMENT.md imports into
  expect(Object.keys(roles)).toEqual(['spot_service_linked_role']);
  expect(readFileSync(join(__dirname, '..', 'docs', 'DEPLOYMENT.md'), 'utf8')).toContain(
    'terraform import aws_iam_service_linked_role.spot_service_linked_role',
  );
  const [role] = Object.values(roles);
  expect(role).toMatchObject({ aws_service_name: 'spot.amazonaws.com' });
  expect(role.custom_suffix).toBeUndefined(); // EC2 looks the role up by its fixed name
  for (const env of ENVIRONMENTS) {
    for (const layer of ['vpc', 'eks', 'addons'])
      expect(resources(realStack(`${env.name}-${layer}`), 'aws_iam_service_linked_role')).toEqual({});
  }
});
