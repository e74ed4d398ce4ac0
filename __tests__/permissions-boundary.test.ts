import { ENVIRONMENTS, platform } from '../environments';
import { environmentRoleNames, workloadBoundaryArn } from '../modules/naming';
import { storeRoleName } from '../modules/external-secrets/secrets-policy';
import { realStack, resources } from './read-helpers';

const boundaryArn = workloadBoundaryArn(platform);

describe('every environment role carries the workload permissions boundary', () => {
  describe.each(ENVIRONMENTS.map(e => [e.name, e] as const))('%s', (name, env) => {
    const roles = ['vpc', 'eks', 'addons'].flatMap(layer =>
      Object.values(resources(realStack(`${name}-${layer}`), 'aws_iam_role')).map(r => ({ layer, role: r })),
    );

    test(
      'every aws_iam_role of the vpc, eks and addons stacks has permissions_boundary = the boundary ARN (a ' +
        'literal)',
      () => {
        expect(roles.length).toBeGreaterThan(0);
        for (const { layer, role } of roles) {
          expect({ layer, name: role.name, permissions_boundary: role.permissions_boundary }).toEqual({
            layer,
            name: role.name,
            permissions_boundary: boundaryArn,
          });
        }
      },
    );

    test(
      'those are exactly the roles of environmentRoleNames (external-dns only with a domain) and the store ' + 'roles',
      () => {
        const names = environmentRoleNames(env);
        const expected = Object.values(names).filter(n => env.ingress.domain !== undefined || n !== names.externalDns);
        const stores = env.secrets.readablePrefixes.map(p => storeRoleName(env.cluster.name, p));
        expect(roles.map(r => r.role.name).sort()).toEqual([...expected, ...stores].sort());
      },
    );
  });

  test('the shared stack CI roles need none (they are not workload roles)', () => {
    const ci = Object.values(resources(realStack('shared'), 'aws_iam_role'));
    expect(ci.length).toBeGreaterThan(0);
    for (const role of ci) expect(String(role.name)).toMatch(/^myapp-ci-/);
  });
});
