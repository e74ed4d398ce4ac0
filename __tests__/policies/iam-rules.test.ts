import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamPolicyAttachment } from '@cdktf/provider-aws/lib/iam-policy-attachment';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserLoginProfile } from '@cdktf/provider-aws/lib/iam-user-login-profile';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { ACCOUNT, policyJson, trustJson } from './fixtures';
import { finding, run, RunOptions } from './policy-helpers';

const POLICY = 'aws_iam_policy.p';

/** Pod Identity's trust policy: pods.eks.amazonaws.com may assume the role and tag the session. */
const POD_IDENTITY_TRUST = trustJson('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']);

/** An identity policy with the given statements on a Pod Identity role. */
function identity(statements: readonly Record<string, unknown>[]) {
  return (s: Construct) => {
    const role = new IamRole(s, 'role', { name: 'app', assumeRolePolicy: POD_IDENTITY_TRUST });
    const p = new IamPolicy(s, 'p', { name: 'p', policy: policyJson(statements) });
    new IamRolePolicyAttachment(s, 'attach', { role: role.name, policyArn: p.arn });
  };
}

/** A readable identity policy that grants one action on one bucket's objects: no IAM rule objects to it. */
const READ_ONE_BUCKET = identity([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]);

function trust(statement: Record<string, unknown>) {
  return (s: Construct) => new IamRole(s, 'role', { name: 'r', assumeRolePolicy: policyJson([statement]) });
}

const GITHUB_OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const OTHER_OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/x`;

/** The role `aws_iam_role.role` trusting GitHub Actions' OIDC tokens, under `condition` when one is given. */
function githubTrust(condition?: Record<string, unknown>) {
  return trust({
    Effect: 'Allow',
    Principal: { Federated: GITHUB_OIDC },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(condition ? { Condition: condition } : {}),
  });
}

/** GitHub's tokens for the subject (or subjects) `sub` (StringLike), with the STS audience. */
function githubSubject(sub: string | string[]) {
  return githubTrust({
    StringLike: {
      'token.actions.githubusercontent.com:sub': sub,
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
    },
  });
}

/** The Pod Identity association `aws_eks_pod_identity_association.<id>` of `serviceAccount` in `namespace`. */
function associate(s: Construct, id: string, roleArn: string, serviceAccount: string, namespace = 'external-secrets') {
  new EksPodIdentityAssociation(s, id, { clusterName: 'c', namespace, serviceAccount, roleArn });
}

/**
 * The External Secrets controller: the role `aws_iam_role.eso` with the inline policy `aws_iam_role_policy.read`,
 * associated with the service account external-secrets in `namespace`.
 */
function esoController(policy: string, namespace = 'external-secrets') {
  return (s: Construct) => {
    const role = new IamRole(s, 'eso', { name: 'eso', assumeRolePolicy: POD_IDENTITY_TRUST });
    new IamRolePolicy(s, 'read', { role: role.name, policy });
    associate(s, 'assoc', role.arn, 'external-secrets', namespace);
  };
}

/** The External Secrets controller granted `statements`, beside whatever `extra` builds. */
function eso(statements: readonly Record<string, unknown>[], extra?: (s: Construct) => void) {
  return (s: Construct) => {
    esoController(policyJson(statements))(s);
    extra?.(s);
  };
}

const prefixArn = (prefix: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${prefix}/*`;
const READ_ANY_SECRET = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };

/** A role `aws_iam_role.<name>` trusted by EC2 whose inline policy `<name>-policy` reads every secret. */
function secretReader(s: Construct, name: string) {
  const role = new IamRole(s, name, { name, assumeRolePolicy: trustJson('ec2.amazonaws.com') });
  new IamRolePolicy(s, `${name}-policy`, { role: role.name, policy: policyJson([READ_ANY_SECRET]) });
}

describe('iam-action-exists', () => {
  test('passes real actions in any case and wildcards that match', () => {
    expect(
      run(
        'iam-action-exists',
        identity([
          { Effect: 'Allow', Action: ['EC2:describeinstances', 'ec2:Describe*', 'sqs:ReceiveMessage'], Resource: '*' },
        ]),
      ),
    ).toEqual([]);
  });

  test('fails a misspelt action, a wildcard matching nothing and an unknown service', () => {
    const found = run(
      'iam-action-exists',
      identity([{ Effect: 'Allow', Action: ['ec2:DescribeInstance', 'ec2:Nothing*', 'foo:Bar'], Resource: '*' }]),
    );
    expect(found).toEqual([
      finding('iam-action-exists', POLICY, 'policy.Statement[0].Action'),
      finding('iam-action-exists', POLICY, 'policy.Statement[0].Action'),
      finding('iam-action-exists', POLICY, 'policy.Statement[0].Action'),
    ]);
    expect(found.map(f => f.message)).toEqual([
      expect.stringContaining('ec2:DescribeInstance matches no action'),
      expect.stringContaining('ec2:Nothing*'),
      expect.stringContaining('unknown service'),
    ]);
  });

  test('checks data aws_iam_policy_document statements too', () => {
    const found = run('iam-action-exists', s => {
      const doc = new DataAwsIamPolicyDocument(s, 'doc', {
        statement: [{ actions: ['s3:GetObjekt'], resources: ['arn:aws:s3:::b/*'] }],
      });
      new IamPolicy(s, 'p', { policy: doc.json });
    });
    expect(found).toEqual([finding('iam-action-exists', POLICY, 'policy.Statement[0].Action')]);
  });

  test('checks NotAction too; "*" and interpolated actions are left alone', () => {
    const found = run(
      'iam-action-exists',
      identity([{ Effect: 'Deny', NotAction: ['iam:CreateUsr', '*', '${var.action}'], Resource: '*' }]),
    );
    expect(found).toEqual([finding('iam-action-exists', POLICY, 'policy.Statement[0].NotAction')]);
    expect(found[0].message).toBe('iam:CreateUsr matches no action of the service: fix the spelling');
    expect(
      run('iam-action-exists', identity([{ Effect: 'Allow', Action: 'nope:Get', Resource: '*' }]))[0].message,
    ).toBe('nope:Get: unknown service prefix');
  });
});

describe('iam-no-admin-actions', () => {
  test('fails *, service:*, Allow+NotAction and AdministratorAccess', () => {
    expect(run('iam-no-admin-actions', READ_ONE_BUCKET)).toEqual([]);
    expect(run('iam-no-admin-actions', identity([{ Action: '*', Resource: 'arn:aws:s3:::b' }]))).toEqual([
      finding('iam-no-admin-actions', POLICY, 'policy.Statement[0].Action'),
    ]);
    expect(
      run(
        'iam-no-admin-actions',
        identity([{ Effect: 'Allow', Action: ['iam:*', 'sqs:*'], Resource: 'arn:aws:sqs:*:*:q' }]),
      ),
    ).toHaveLength(2);
    expect(run('iam-no-admin-actions', identity([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]))).toEqual([
      finding('iam-no-admin-actions', POLICY, 'policy.Statement[0].NotAction'),
    ]);
    expect(
      run('iam-no-admin-actions', s => {
        new IamRolePolicyAttachment(s, 'admin', {
          role: 'r',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        });
      }),
    ).toEqual([finding('iam-no-admin-actions', 'aws_iam_role_policy_attachment.admin', 'policy_arn')]);
  });

  test("fails IAMFullAccess in a role's managed_policy_arns", () => {
    const found = run('iam-no-admin-actions', s => {
      new IamRole(s, 'role', {
        assumeRolePolicy: trustJson('ec2.amazonaws.com'),
        managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'],
      });
    });
    expect(found).toEqual([finding('iam-no-admin-actions', 'aws_iam_role.role', 'managed_policy_arns')]);
  });

  test('a Deny of s3:* is fine', () => {
    expect(run('iam-no-admin-actions', identity([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]))).toEqual([]);
  });

  test('a service-wide wildcard is only "<service>:*"; trust and resource documents are not judged', () => {
    expect(
      run(
        'iam-no-admin-actions',
        identity([{ Effect: 'Allow', Action: ['s3:Get*', 'ec2:*Instances'], Resource: '*' }]),
      ),
    ).toEqual([]);
    const found = run(
      'iam-no-admin-actions',
      identity([{ Effect: 'Allow', Action: ['s3:GetObject', 'Elastic-Load-Balancing2:*'], Resource: '*' }]),
    );
    expect(found.map(f => f.message)).toEqual(['Allow Elastic-Load-Balancing2:*: list the actions the workload needs']);
    expect(
      run(
        'iam-no-admin-actions',
        trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:*' }),
      ),
    ).toEqual([]);
    const bucketPolicy = (s: Construct) =>
      new SqsQueue(s, 'q', {
        policy: policyJson([{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:*' }]),
      });
    expect(run('iam-no-admin-actions', bucketPolicy)).toEqual([]);
  });

  test('fails AdministratorAccess through a policy attachment and names the ARN; other managed policies pass', () => {
    const found = run('iam-no-admin-actions', s => {
      new IamPolicyAttachment(s, 'admins', {
        name: 'admins',
        roles: ['r'],
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      });
      new IamRolePolicyAttachment(s, 'read', { role: 'r', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
      new IamRole(s, 'role', {
        assumeRolePolicy: trustJson('ec2.amazonaws.com'),
        managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      });
    });
    expect(found).toEqual([finding('iam-no-admin-actions', 'aws_iam_policy_attachment.admins', 'policy_arn')]);
    expect(found[0].message).toBe('arn:aws:iam::aws:policy/AdministratorAccess: grant a scoped policy instead');
  });
});

describe('iam-resource-wildcard', () => {
  test('passes wildcard-only actions on * and scopable actions with a Condition or ARNs', () => {
    const ok = identity([
      { Effect: 'Allow', Action: ['ec2:DescribeInstances', 'pricing:GetProducts'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'ec2:TerminateInstances',
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/owner': 'me' } },
      },
      { Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q` },
    ]);
    expect(run('iam-resource-wildcard', ok)).toEqual([]);
  });

  test(
    'fails a resource-scopable action on * without a Condition, naming the action (derived from the service ' +
      'reference)',
    () => {
      const found = run(
        'iam-resource-wildcard',
        identity([{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:TerminateInstances'], Resource: '*' }]),
      );
      expect(found).toEqual([finding('iam-resource-wildcard', POLICY, 'policy.Statement[0].Resource')]);
      expect(found[0].message).toContain('ec2:TerminateInstances');
      expect(found[0].message).not.toContain('DescribeInstances');
    },
  );

  test(
    'NotResource counts as unscoped; Deny, Action "*" alone and wildcard-only expansions pass, a wildcard ' +
      'reaching a scopable action fails',
    () => {
      const paths = (statement: Record<string, unknown>) =>
        run('iam-resource-wildcard', identity([statement])).map(f => f.path);
      expect(paths({ Effect: 'Allow', Action: 'sqs:DeleteQueue', NotResource: 'arn:aws:sqs:*:*:keep' })).toEqual([
        'policy.Statement[0].Resource',
      ]);
      expect(paths({ Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' })).toEqual([]);
      expect(paths({ Effect: 'Allow', Action: '*', Resource: '*' })).toEqual([]);
      expect(paths({ Effect: 'Allow', Action: 'pricing:*', Resource: '*' })).toEqual([]);
      expect(paths({ Effect: 'Allow', Action: 'ec2:DescribeInstance*', Resource: '*' })).toEqual([
        'policy.Statement[0].Resource',
      ]);
      expect(paths({ Effect: 'Allow', Action: 'sqs:DeleteQueue', Resource: ['arn:aws:sqs:*:*:q', '*'] })).toEqual([
        'policy.Statement[0].Resource',
      ]);
    },
  );

  test('lists at most six actions, then the count', () => {
    const [found] = run('iam-resource-wildcard', identity([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }]));
    const listed = /resource-scopable (.*): name the ARNs/.exec(found.message)![1];
    expect(listed.split(', ')).toHaveLength(7);
    expect(listed).toMatch(/, … \(\d+ in all\)$/);
    const [few] = run(
      'iam-resource-wildcard',
      identity([{ Effect: 'Allow', Action: ['sqs:DeleteQueue', 'sqs:SendMessage'], Resource: '*' }]),
    );
    expect(few.message).toBe(
      'Resource "*" without a Condition for resource-scopable sqs:DeleteQueue, sqs:SendMessage: name the ARNs or ' +
        'add a Condition (e.g. aws:ResourceTag)',
    );
  });
});

describe('eso-secret-scoping', () => {
  const settings = { secretPrefixes: ['dev', 'staging'] };

  test('passes the environment prefixes and a kms:ViaService-bound decrypt', () => {
    const ok = eso([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [prefixArn('dev'), prefixArn('staging')],
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
    ]);
    expect(run('eso-secret-scoping', ok, { settings })).toEqual([]);
  });

  test("fails another environment's prefix, a bare *, ListSecrets and an unbound decrypt", () => {
    const found = run(
      'eso-secret-scoping',
      eso([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [prefixArn('production'), '*'] },
        { Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      ]),
      { settings },
    );
    expect(found).toEqual([
      finding('eso-secret-scoping', 'aws_iam_role_policy.read', 'policy.Statement[0].Resource'),
      finding('eso-secret-scoping', 'aws_iam_role_policy.read', 'policy.Statement[0].Resource'),
      finding('eso-secret-scoping', 'aws_iam_role_policy.read', 'policy.Statement[1].Action'),
      finding('eso-secret-scoping', 'aws_iam_role_policy.read', 'policy.Statement[2].Condition'),
    ]);
  });

  const paths = (statements: readonly Record<string, unknown>[], options: RunOptions = { settings }) =>
    run('eso-secret-scoping', eso(statements), options).map(f => f.path);

  test('DescribeSecret alone is a read too; a prefix ARN needs the /* of its folder', () => {
    expect(
      paths([{ Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: prefixArn('production') }]),
    ).toEqual(['policy.Statement[0].Resource']);
    const noFolder = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev*`;
    expect(paths([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: noFolder }])).toEqual([
      'policy.Statement[0].Resource',
    ]);
    const partition = 'arn:${data.aws_partition.p.partition}:secretsmanager:us-east-1:123456789012:secret:dev/*';
    expect(paths([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: partition }])).toEqual([]);
  });

  test('without configured prefixes any single prefix passes; the message lists the readable prefixes', () => {
    expect(
      paths([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: prefixArn('anything') }], {
        settings: {},
      }),
    ).toEqual([]);
    const found = run('eso-secret-scoping', eso([READ_ANY_SECRET]), { settings });
    expect(found[0].message).toBe(
      '* is not arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/* for a readable prefix (dev, ' +
        'staging)',
    );
    const open = run('eso-secret-scoping', eso([READ_ANY_SECRET]));
    expect(open[0].message).toBe(
      '* is not arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/* for a readable prefix',
    );
  });

  test('a decrypt bound to another service fails; Deny statements and other service accounts are not judged', () => {
    const decrypt = {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    };
    expect(paths([decrypt])).toEqual(['policy.Statement[0].Condition']);
    expect(paths([{ Effect: 'Deny', Action: ['secretsmanager:*', 'kms:Decrypt'], Resource: '*' }])).toEqual([]);
    const otherAccount = esoController(policyJson([READ_ANY_SECRET]), 'app');
    expect(run('eso-secret-scoping', otherAccount, { settings })).toEqual([]);
  });

  test('a role the controller may assume is held to the same prefixes', () => {
    const chained = (s: Construct) => {
      eso([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/reader` }])(s);
      secretReader(s, 'reader');
      secretReader(s, 'bystander');
    };
    expect(run('eso-secret-scoping', chained, { settings }).map(f => `${f.address} ${f.path}`)).toEqual([
      'aws_iam_role_policy.reader-policy policy.Statement[0].Resource',
    ]);
  });
});

describe('iam-passrole-pinned', () => {
  /** A node role (trusted by EC2) and a policy passing `resource` (default: that role) under `condition`. */
  const passing = (condition: Record<string, unknown> | undefined, resource?: string) => (s: Construct) => {
    const node = new IamRole(s, 'node', { name: 'nodes', assumeRolePolicy: trustJson('ec2.amazonaws.com') });
    const statement = {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: resource ?? node.arn,
      ...(condition ? { Condition: condition } : {}),
    };
    identity([statement])(s);
  };

  test('passes the node role of the stack, passed to EC2 only', () => {
    expect(
      run('iam-passrole-pinned', passing({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } })),
    ).toEqual([]);
  });

  test('fails a named role that is not a node role of the stack, and a service other than EC2', () => {
    const found = run(
      'iam-passrole-pinned',
      passing({ StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } }, `arn:aws:iam::${ACCOUNT}:role/cluster`),
    );
    expect(found).toEqual([
      finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Resource'),
      finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Condition'),
    ]);
    expect(found[1].message).toContain('got eks.amazonaws.com');
  });

  test('fails a Pod Identity role passed by reference: only EC2-trusted roles count as node roles', () => {
    const found = run('iam-passrole-pinned', s => {
      identity([])(s);
      const app = s.node.findChild('role') as IamRole;
      new IamPolicy(s, 'pass', {
        name: 'pass',
        policy: policyJson([
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: app.arn,
            Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
          },
        ]),
      });
    });
    expect(found).toEqual([finding('iam-passrole-pinned', 'aws_iam_policy.pass', 'policy.Statement[0].Resource')]);
  });

  test('fails a wildcard role and a missing condition', () => {
    expect(
      run(
        'iam-passrole-pinned',
        identity([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` }]),
      ),
    ).toEqual([
      finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Resource'),
      finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Condition'),
    ]);
  });

  const TO_EC2 = { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } };
  const RESOURCE = [finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Resource')];
  const CONDITION = [finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Condition')];
  /** A node role `aws_iam_role.node` trusted by `trust`, and the policy `p` with `statement`. */
  const withNode =
    (statement: (nodeArn: string) => Record<string, unknown>, trust = trustJson('ec2.amazonaws.com')) =>
    (s: Construct) => {
      const node = new IamRole(s, 'node', { name: 'nodes', assumeRolePolicy: trust });
      identity([statement(node.arn)])(s);
    };

  test('every passed role must be a node role, and every service EC2 (of either partition)', () => {
    const pass = (resource: unknown, condition: unknown = TO_EC2) =>
      withNode(arn => ({ Effect: 'Allow', Action: 'iam:PassRole', Resource: resource ?? arn, Condition: condition }));
    expect(
      run('iam-passrole-pinned', pass(undefined, { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com.cn' } })),
    ).toEqual([]);
    const mixed = run(
      'iam-passrole-pinned',
      withNode(arn => ({
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: [arn, `arn:aws:iam::${ACCOUNT}:role/ci`],
        Condition: TO_EC2,
      })),
    );
    expect(mixed).toEqual(RESOURCE);
    expect(mixed[0].message).toContain(`iam:PassRole on arn:aws:iam::${ACCOUNT}:role/ci:`);
    const services = { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'eks.amazonaws.com'] } };
    expect(run('iam-passrole-pinned', pass(undefined, services))).toEqual(CONDITION);
    const none = run('iam-passrole-pinned', pass(undefined, { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }));
    expect(none).toEqual(CONDITION);
    expect(none[0].message).toContain('(got none)');
  });

  test('a node role is a role of this stack that EC2 may assume, designated by its ARN', () => {
    const byArn = (trust: string) =>
      withNode(arn => ({ Effect: 'Allow', Action: 'iam:PassRole', Resource: arn, Condition: TO_EC2 }), trust);
    expect(run('iam-passrole-pinned', byArn(trustJson('ec2.amazonaws.com.cn')))).toEqual([]);
    const denied = policyJson([
      { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(run('iam-passrole-pinned', byArn(denied))).toEqual(RESOURCE);
    const byName = withNode(() => ({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '${aws_iam_role.node.name}',
      Condition: TO_EC2,
    }));
    expect(run('iam-passrole-pinned', byName)).toEqual(RESOURCE);
  });

  test('a role reference must be exactly the ARN of a role of this stack, trusted (among others) by EC2', () => {
    const resource = (r: string, trust = trustJson('ec2.amazonaws.com')) =>
      run(
        'iam-passrole-pinned',
        withNode(() => ({ Effect: 'Allow', Action: 'iam:PassRole', Resource: r, Condition: TO_EC2 }), trust),
      ).map(f => f.path);
    expect(resource('${aws_iam_role.elsewhere.arn}')).toEqual(['policy.Statement[0].Resource']);
    expect(resource('x${aws_iam_role.node.arn}')).toEqual(['policy.Statement[0].Resource']);
    expect(resource('${aws_iam_role.node.arn}/x')).toEqual(['policy.Statement[0].Resource']);
    const twoStatements = policyJson([
      { Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { Service: ['ssm.amazonaws.com', 'ec2.amazonaws.com'] }, Action: 'sts:AssumeRole' },
    ]);
    expect(resource('${aws_iam_role.node.arn}', twoStatements)).toEqual([]);
  });

  test('names every other role and every service it got; only identity policies are judged', () => {
    const found = run(
      'iam-passrole-pinned',
      identity([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'],
          Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'eks.amazonaws.com'] } },
        },
      ]),
    );
    expect(found.map(f => f.message)).toEqual([
      'iam:PassRole on arn:aws:iam::1:role/a, arn:aws:iam::1:role/b: pass only a node role of this stack (trusted ' +
        'by ec2.amazonaws.com)',
      'add Condition StringEquals iam:PassedToService = ec2.amazonaws.com (got ec2.amazonaws.com, eks.amazonaws.com)',
    ]);
    const nullCondition = run(
      'iam-passrole-pinned',
      identity([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: '*',
          Condition: { Null: { 'iam:PassedToService': 'false' } },
        },
      ]),
    );
    expect(nullCondition[1].message).toContain('(got none)');
    const keyPolicy = (s: Construct) =>
      new KmsKey(s, 'k', {
        policy: policyJson([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'iam:PassRole',
            Resource: '*',
          },
        ]),
      });
    expect(run('iam-passrole-pinned', keyPolicy)).toEqual([]);
  });

  test(
    'a statement without Resource fails; Deny, other actions and Action "*" (iam-no-admin-actions) are not ' + 'judged',
    () => {
      const noResource = run(
        'iam-passrole-pinned',
        identity([
          { Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::*:role/admin', Condition: TO_EC2 },
        ]),
      );
      expect(noResource).toEqual(RESOURCE);
      expect(noResource[0].message).toContain('iam:PassRole on no Resource');
      expect(run('iam-passrole-pinned', identity([{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }]))).toEqual(
        [],
      );
      expect(run('iam-passrole-pinned', identity([{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }]))).toEqual(
        [],
      );
      expect(run('iam-passrole-pinned', identity([{ Effect: 'Allow', Action: '*', Resource: '*' }]))).toEqual([]);
      expect(run('iam-passrole-pinned', identity([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]))).toEqual([
        ...RESOURCE,
        ...CONDITION,
      ]);
    },
  );
});

describe('iam-trust-not-open', () => {
  test('passes a service, fails * and an account root', () => {
    expect(
      run('iam-trust-not-open', s => new IamRole(s, 'role', { assumeRolePolicy: trustJson('ec2.amazonaws.com') })),
    ).toEqual([]);
    expect(run('iam-trust-not-open', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }))).toEqual([
      finding('iam-trust-not-open', 'aws_iam_role.role', 'assume_role_policy.Statement[0].Principal'),
    ]);
    expect(
      run('iam-trust-not-open', trust({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:AssumeRole' })),
    ).toHaveLength(1);
    expect(
      run(
        'iam-trust-not-open',
        trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
      )[0].message,
    ).toContain('whole account');
  });

  test('an account id is the whole account too; a role, a Deny and the other kinds of document are not judged', () => {
    expect(
      run('iam-trust-not-open', trust({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }))[0]
        .message,
    ).toBe(`trusts the whole account ${ACCOUNT}: name role ARNs (or SSO permission-set roles) instead`);
    expect(
      run(
        'iam-trust-not-open',
        trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }, Action: 'sts:AssumeRole' }),
      ),
    ).toEqual([]);
    expect(run('iam-trust-not-open', trust({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }))).toEqual([]);
    expect(
      run('iam-trust-not-open', identity([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }])),
    ).toEqual([]);
    expect(
      run(
        'iam-trust-not-open',
        trust({ Effect: 'Allow', Principal: { AWS: `${ACCOUNT}0` }, Action: 'sts:AssumeRole' }),
      ),
    ).toEqual([]);
  });
});

describe('iam-oidc-trust-scoped', () => {
  test('passes a repository-scoped subject with the audience', () => {
    const ok = githubTrust({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:my-org/infra:pull_request',
      },
    });
    expect(run('iam-oidc-trust-scoped', ok)).toEqual([]);
  });

  test('fails no condition, and a subject open to any repository of the owner', () => {
    expect(run('iam-oidc-trust-scoped', githubTrust())).toEqual([
      finding('iam-oidc-trust-scoped', 'aws_iam_role.role', 'assume_role_policy.Statement[0].Condition'),
      finding('iam-oidc-trust-scoped', 'aws_iam_role.role', 'assume_role_policy.Statement[0].Condition'),
    ]);
    const open = githubTrust({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:my-org/*' },
    });
    expect(run('iam-oidc-trust-scoped', open)[0].message).toContain('repo:my-org/*');
  });

  test.each(['*', 'repo:*', 'repo:my-*', 'repo:my-org/*'])('fails the open subject %s', sub => {
    const found = run('iam-oidc-trust-scoped', githubSubject(sub));
    expect(found.map(f => f.message)).toEqual([
      `sub ${sub} lets other repositories assume the role: name the repository`,
    ]);
  });

  test('a repository with a wildcard ref is scoped; a missing audience fails', () => {
    const scoped = githubSubject('repo:my-org/infra:*');
    expect(run('iam-oidc-trust-scoped', scoped)).toEqual([]);
    const noAudience = run(
      'iam-oidc-trust-scoped',
      githubTrust({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:my-org/infra:pull_request' } }),
    );
    expect(noAudience.map(f => f.message)).toEqual([
      'add a StringEquals condition on the aud claim (sts.amazonaws.com)',
    ]);
  });

  test(
    'another OIDC provider is judged by its :sub and :aud keys; Deny and non-federated trusts are not ' + 'judged',
    () => {
      const provider = (condition: Record<string, unknown>) =>
        trust({
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: condition,
        });
      const eks = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
      expect(
        run(
          'iam-oidc-trust-scoped',
          provider({
            StringEquals: { [`${eks}:sub`]: 'system:serviceaccount:app:sa', [`${eks}:aud`]: 'sts.amazonaws.com' },
          }),
        ),
      ).toEqual([]);
      expect(
        run('iam-oidc-trust-scoped', provider({ StringEquals: { [`${eks}:sub`]: 'system:serviceaccount:app:sa' } })),
      ).toHaveLength(1);
      expect(
        run('iam-oidc-trust-scoped', provider({ StringEquals: { [`${eks}:aud`]: 'sts.amazonaws.com' } })),
      ).toHaveLength(1);
      const denied = trust({
        Effect: 'Deny',
        Principal: { Federated: GITHUB_OIDC },
        Action: 'sts:AssumeRoleWithWebIdentity',
      });
      expect(run('iam-oidc-trust-scoped', denied)).toEqual([]);
      expect(
        run(
          'iam-oidc-trust-scoped',
          trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        ),
      ).toEqual([]);
    },
  );
});

describe('iam-no-users', () => {
  test('passes the compliant construct', () => {
    expect(
      run('iam-no-users', s => new IamRole(s, 'role', { assumeRolePolicy: trustJson('ec2.amazonaws.com') })),
    ).toEqual([]);
  });

  test('fails users and access keys', () => {
    const found = run('iam-no-users', s => {
      const u = new IamUser(s, 'user', { name: 'ci' });
      new IamAccessKey(s, 'key', { user: u.name });
    });
    expect(found).toEqual([
      finding('iam-no-users', 'aws_iam_user.user'),
      finding('iam-no-users', 'aws_iam_access_key.key'),
    ]);
  });

  test('fails user policies, their attachments and login profiles', () => {
    const found = run('iam-no-users', s => {
      new IamUserPolicy(s, 'inline', { user: 'ci', policy: policyJson([]) });
      new IamUserPolicyAttachment(s, 'attached', { user: 'ci', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
      new IamUserLoginProfile(s, 'login', { user: 'ci' });
    });
    expect(found.map(f => f.address)).toEqual([
      'aws_iam_user_policy.inline',
      'aws_iam_user_policy_attachment.attached',
      'aws_iam_user_login_profile.login',
    ]);
  });
});

describe('policy-document-readable', () => {
  test('passes JSON strings and policy documents, fails a jsonencode() expression', () => {
    expect(run('policy-document-readable', READ_ONE_BUCKET)).toEqual([]);
    const found = run('policy-document-readable', s => {
      new IamPolicy(s, 'p', {
        policy: Fn.jsonencode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      });
    });
    expect(found).toEqual([finding('policy-document-readable', POLICY, 'policy')]);
  });
});

/** The queue `aws_sqs_queue.q` with the resource policy `aws_sqs_queue_policy.qp` that `policy` writes for its ARN. */
function queueWithPolicy(policy: (queueArn: string) => string) {
  return (s: Construct) => {
    const q = new SqsQueue(s, 'q', { sqsManagedSseEnabled: true });
    new SqsQueuePolicy(s, 'qp', { queueUrl: q.url, policy: policy(q.arn) });
  };
}

/** The queue with a resource policy of `statements`, each on the queue itself. */
function queue(...statements: Record<string, unknown>[]) {
  return queueWithPolicy(arn => policyJson(statements.map(statement => ({ Resource: arn, ...statement }))));
}

describe('resource-policy-not-public', () => {
  test('passes a service principal and a conditioned *, fails an unconditioned *', () => {
    expect(
      run(
        'resource-policy-not-public',
        queue({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' }),
      ),
    ).toEqual([]);
    expect(
      run(
        'resource-policy-not-public',
        queue({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ),
    ).toEqual([]);
    expect(
      run('resource-policy-not-public', queue({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage' })),
    ).toEqual([finding('resource-policy-not-public', 'aws_sqs_queue_policy.qp', 'policy.Statement[0].Principal')]);
  });

  test('a conditioned Allow to * passes; identity policies are not judged', () => {
    const conditioned = queue({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sqs:SendMessage',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    expect(run('resource-policy-not-public', conditioned)).toEqual([]);
    expect(
      run(
        'resource-policy-not-public',
        identity([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]),
      ),
    ).toEqual([]);
  });
});

describe('iam-oidc-role-bounded', () => {
  const github = (boundary?: string) => (s: Construct) =>
    new IamRole(s, 'role', {
      name: 'ci',
      permissionsBoundary: boundary,
      assumeRolePolicy: policyJson([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: GITHUB_OIDC },
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:sub': 'repo:o/r:pull_request',
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            },
          },
        },
      ]),
    });

  test('fails an OIDC-trusted role without a boundary', () => {
    expect(run('iam-oidc-role-bounded', github())).toEqual([
      finding('iam-oidc-role-bounded', 'aws_iam_role.role', 'permissions_boundary'),
    ]);
  });

  test('passes with a boundary, and ignores roles trusted by a service', () => {
    expect(run('iam-oidc-role-bounded', github(`arn:aws:iam::${ACCOUNT}:policy/ci-boundary`))).toEqual([]);
    expect(
      run(
        'iam-oidc-role-bounded',
        s => new IamRole(s, 'role', { name: 'svc', assumeRolePolicy: trustJson('eks.amazonaws.com') }),
      ),
    ).toEqual([]);
  });

  test('an empty boundary is none; a Deny of the federated principal does not need one', () => {
    expect(run('iam-oidc-role-bounded', github(''))).toHaveLength(1);
    const denied = trust({
      Effect: 'Deny',
      Principal: { Federated: OTHER_OIDC },
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
    expect(run('iam-oidc-role-bounded', denied)).toEqual([]);
  });
});

describe('eso-secret-scoping findings and edges', () => {
  const settings = { secretPrefixes: ['dev'] };
  const said = (build: (s: Construct) => void, options: RunOptions = { settings }) =>
    run('eso-secret-scoping', build, options).map(f => `${f.address} ${f.path}: ${f.message}`);

  test('the ListSecrets and decrypt findings say what to change', () => {
    expect(
      said(eso([{ Effect: 'Allow', Action: ['secretsmanager:ListSecrets', 'kms:Decrypt'], Resource: '*' }])),
    ).toEqual([
      'aws_iam_role_policy.read policy.Statement[0].Action: ' +
        'remove secretsmanager:ListSecrets (it needs Resource "*"); reference secrets by name',
      'aws_iam_role_policy.read policy.Statement[0].Condition: ' +
        'allow kms:Decrypt only with Condition kms:ViaService = secretsmanager.<region>.amazonaws.com',
    ]);
  });

  test('a prefix ARN is the whole resource: nothing before arn: or after the /*', () => {
    const resource = (Resource: string) =>
      run('eso-secret-scoping', eso([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource }]), {
        settings,
      }).map(f => f.path);
    expect(resource(prefixArn('dev'))).toEqual([]);
    expect(resource(`x${prefixArn('dev')}`)).toEqual(['policy.Statement[0].Resource']);
    expect(resource(`${prefixArn('dev')}x`)).toEqual(['policy.Statement[0].Resource']);
    expect(resource(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:/*`)).toEqual(['policy.Statement[0].Resource']);
    expect(resource(`arn:aws:secretsmanager:us-east-1::secret:dev/*`)).toEqual(['policy.Statement[0].Resource']);
    expect(resource(`arn:aws:ssm:us-east-1:${ACCOUNT}:secret:dev/*`)).toEqual(['policy.Statement[0].Resource']);
  });

  test('a denied or other assumed role is not judged; only Allow sts:AssumeRole makes a role reachable', () => {
    const reader = (s: Construct) => secretReader(s, 'reader');
    const readerArn = `arn:aws:iam::${ACCOUNT}:role/reader`;
    expect(said(eso([{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: readerArn }], reader))).toEqual([]);
    expect(said(eso([{ Effect: 'Allow', Action: 'sts:TagSession', Resource: readerArn }], reader))).toEqual([]);
    expect(
      said(
        eso([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/reader-2` }], reader),
      ),
    ).toEqual([]);
    expect(
      said(eso([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: readerArn }], reader)).map(f => f.split(':')[0]),
    ).toEqual(['aws_iam_role_policy.reader-policy policy.Statement[0].Resource']);
  });

  test('a decrypt condition on any secretsmanager endpoint passes; a Deny ListSecrets is not a grant', () => {
    const decrypt = (service: string) => ({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': service } },
    });
    expect(said(eso([decrypt('secretsmanager.eu-west-1.amazonaws.com')]))).toEqual([]);
    expect(said(eso([decrypt('kms.secretsmanager.amazonaws.com')]))).toHaveLength(1);
    expect(said(eso([{ Effect: 'Deny', Action: 'secretsmanager:ListSecrets', Resource: '*' }]))).toEqual([]);
  });

  test('a document shared by two controller roles is judged once', () => {
    const shared = (s: Construct) => {
      const p = new IamPolicy(s, 'p', {
        name: 'p',
        policy: policyJson([{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }]),
      });
      for (const id of ['one', 'two']) {
        const role = new IamRole(s, id, { name: id, assumeRolePolicy: POD_IDENTITY_TRUST });
        new IamRolePolicyAttachment(s, `${id}-attach`, { role: role.name, policyArn: p.arn });
        associate(s, `${id}-assoc`, role.arn, id);
      }
    };
    expect(said(shared).map(f => f.split(':')[0])).toEqual([`${POLICY} policy.Statement[0].Action`]);
  });
});

describe('eso-secret-scoping prefix names', () => {
  // a secret name holds ASCII letters, digits and /_+=.@-
  // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html); a prefix is one without /
  test('a prefix of any character a secret name allows passes when no prefixes are configured', () => {
    const read = (prefix: string) =>
      run(
        'eso-secret-scoping',
        eso([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: prefixArn(prefix) }]),
      ).map(f => f.path);
    for (const prefix of ['az', 'AZ', '09', 'team_a', 'a+b', 'a=b', 'a.b', 'a@b', 'a-b'])
      expect(read(prefix)).toEqual([]);
    for (const prefix of ['a b', 'a:b', 'a*']) expect(read(prefix)).toEqual(['policy.Statement[0].Resource']);
  });
});

describe('eso-secret-scoping and unreadable documents', () => {
  test('a document only Terraform can evaluate is left to policy-document-readable', () => {
    const statement = { Effect: 'Allow', Action: ['secretsmanager:ListSecrets', 'sts:AssumeRole'], Resource: '*' };
    const unreadable = esoController(Fn.jsonencode({ Version: '2012-10-17', Statement: [statement] }));
    expect(run('eso-secret-scoping', unreadable)).toEqual([]);
    expect(run('policy-document-readable', unreadable).map(f => f.address)).toEqual(['aws_iam_role_policy.read']);
  });
});

describe('policy-document-readable: the message', () => {
  test('the finding says how to write the policy', () => {
    const [found] = run('policy-document-readable', s => new IamPolicy(s, 'p', { policy: '${file("policy.json")}' }));
    expect(found).toEqual(finding('policy-document-readable', POLICY, 'policy'));
    expect(found.message).toBe(
      'write the policy as JSON.stringify(...) or a DataAwsIamPolicyDocument so the policy rules can check it',
    );
  });
});

describe('resource-policy-not-public: which statement, and the message', () => {
  test('the public statement among several is named, with the fix', () => {
    const found = run(
      'resource-policy-not-public',
      queue(
        { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' },
        { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage' },
      ),
    );
    expect(found.map(f => `${f.path}: ${f.message}`)).toEqual([
      'policy.Statement[1].Principal: Allow to "*" without a Condition makes the resource public: name the principals',
    ]);
  });

  test('a resource policy only Terraform can read is left to policy-document-readable', () => {
    const unreadable = queueWithPolicy(() => '${jsonencode(local.policy)}');
    expect(run('resource-policy-not-public', unreadable)).toEqual([]);
  });
});

describe('resource-policy-not-public: a Deny to everyone', () => {
  test('a Deny to "*" without a Condition opens nothing', () => {
    const denied = queue({ Effect: 'Deny', Principal: '*', Action: 'sqs:DeleteQueue' });
    expect(run('resource-policy-not-public', denied)).toEqual([]);
  });
});

describe('iam-oidc-trust-scoped: a wildcard in the owner or the repository', () => {
  // StringLike matches * (any run) and ? (one character) anywhere:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  // (#Conditions_String)
  test.each([
    'repo:my-org/infra*',
    'repo:my-org/infr?',
    'repo:my-?rg/infra:ref:refs/heads/main',
    'repo:my-org/*:environment:prod',
    '?',
  ])('fails %s: repositories other than one match it', sub => {
    expect(run('iam-oidc-trust-scoped', githubSubject(sub)).map(f => f.message)).toEqual([
      `sub ${sub} lets other repositories assume the role: name the repository`,
    ]);
  });

  test.each([
    'repo:my-org/infra:ref:refs/heads/*',
    'repo:my-org/infra:environment:prod?',
    'repo:my-org@1234/infra@5678:*',
  ])('passes %s: one repository, any of its refs or environments', sub => {
    expect(run('iam-oidc-trust-scoped', githubSubject(sub))).toEqual([]);
  });
});

describe('iam-no-admin-actions: wildcard spellings of every action of a service', () => {
  const messages = (action: string) =>
    run('iam-no-admin-actions', identity([{ Effect: 'Allow', Action: action, Resource: '*' }])).map(f => f.message);

  // AWS matches * and ? anywhere in an action name: `iam:**` and `iam:?*` name every iam action, `**` every action
  test.each(['**', 'iam:**', 'iam:?*', 'iam:*?', 'IAM:*'])('fails %s', action => {
    expect(messages(action)).toEqual([`Allow ${action}: list the actions the workload needs`]);
  });

  test.each(['iam:Get*', 'iam:*Role', 'iam:?', 's3:*Object*'])('passes %s: a part of the service', action => {
    expect(messages(action)).toEqual([]);
  });
});

describe('iam-trust-not-open: the account root of every partition', () => {
  const principal = (aws: string) =>
    run('iam-trust-not-open', trust({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }));

  test.each([`arn:aws-cn:iam::${ACCOUNT}:root`, `arn:aws-us-gov:iam::${ACCOUNT}:root`])('fails %s', root => {
    const found = principal(root);
    expect(found).toEqual([
      finding('iam-trust-not-open', 'aws_iam_role.role', 'assume_role_policy.Statement[0].Principal'),
    ]);
    expect(found[0].message).toBe(
      `trusts the whole account ${root}: name role ARNs (or SSO permission-set roles) instead`,
    );
  });

  test('a role whose name ends in twelve digits is a role, not an account', () => {
    expect(principal(`arn:aws:iam::${ACCOUNT}:role/ci-${ACCOUNT}`)).toEqual([]);
  });
});

describe('iam-passrole-pinned: what makes a role a node role', () => {
  const TO_EC2 = { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } };
  /** A role `aws_iam_role.node` with trust policy `trust`, passed by its ARN in the policy `p`. */
  const passNode = (trustPolicy: string) => (s: Construct) => {
    const node = new IamRole(s, 'node', { name: 'nodes', assumeRolePolicy: trustPolicy });
    identity([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: node.arn, Condition: TO_EC2 }])(s);
  };

  test('EC2 may be trusted in any statement, beside statements naming other kinds of principal', () => {
    const trustPolicy = policyJson([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/break-glass` }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(run('iam-passrole-pinned', passNode(trustPolicy))).toEqual([]);
  });

  test('a role whose trust policy only Terraform can read is not a node role', () => {
    const unreadable = Fn.jsonencode({
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(run('iam-passrole-pinned', passNode(unreadable))).toEqual([
      finding('iam-passrole-pinned', POLICY, 'policy.Statement[0].Resource'),
    ]);
  });
});

describe(
  'iam-action-exists, iam-no-admin-actions, iam-oidc-*, iam-passrole-pinned, iam-resource-wildcard, ' +
    'iam-trust-not-open: unreadable documents',
  () => {
    /**
     * A role trusting everyone and a policy granting everything, both written with jsonencode(): only Terraform reads
     * them.
     */
    const unreadable = (s: Construct) => {
      const trustAll = {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x', AWS: '*' },
            Action: 'sts:AssumeRole',
          },
        ],
      };
      const role = new IamRole(s, 'role', { name: 'r', assumeRolePolicy: Fn.jsonencode(trustAll) });
      const grantAll = {
        Statement: [{ Effect: 'Allow', Action: ['*', 'iam:PassRole', 'nope:Get'], NotAction: 'x:Y', Resource: '*' }],
      };
      new IamRolePolicy(s, 'p', { role: role.name, policy: Fn.jsonencode(grantAll) });
    };

    test.each([
      'iam-action-exists',
      'iam-no-admin-actions',
      'iam-oidc-role-bounded',
      'iam-oidc-trust-scoped',
      'iam-passrole-pinned',
      'iam-resource-wildcard',
      'iam-trust-not-open',
    ])('%s leaves them to policy-document-readable', name => {
      expect(run(name, unreadable)).toEqual([]);
    });

    test('policy-document-readable reports both', () => {
      expect(run('policy-document-readable', unreadable).map(f => f.address)).toEqual([
        'aws_iam_role_policy.p',
        'aws_iam_role.role',
      ]);
    });
  },
);

describe('iam-no-users, iam-oidc-role-bounded, iam-no-admin-actions: what each finding says', () => {
  test('iam-no-users names the resource itself and says what to use instead', () => {
    const [found] = run('iam-no-users', s => new IamUser(s, 'user', { name: 'ci' }));
    expect(found).toEqual(finding('iam-no-users', 'aws_iam_user.user'));
    expect(found.path).toBe('');
    expect(found.message).toBe('use roles (SSO for people, OIDC for CI) instead of IAM users and keys');
  });

  test('iam-oidc-role-bounded says why a CI role needs a boundary', () => {
    const ci = trust({
      Effect: 'Allow',
      Principal: { Federated: OTHER_OIDC },
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
    expect(run('iam-oidc-role-bounded', ci).map(f => f.message)).toEqual([
      'set a permissions boundary: a CI role is written by another CI role, so its policies do not cap it',
    ]);
  });

  test('iam-no-admin-actions: the NotAction message, and the admin policies in any partition', () => {
    expect(
      run('iam-no-admin-actions', identity([{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' }])).map(
        f => f.message,
      ),
    ).toEqual(['Allow with NotAction grants every other action: list Actions instead']);
    const found = run('iam-no-admin-actions', s => {
      new IamRolePolicyAttachment(s, 'iam', { role: 'r', policyArn: 'arn:aws-us-gov:iam::aws:policy/IAMFullAccess' });
      new IamRole(s, 'role', {
        assumeRolePolicy: trustJson('ec2.amazonaws.com'),
        managedPolicyArns: ['arn:aws-cn:iam::aws:policy/AdministratorAccess'],
      });
    });
    expect(found.map(f => `${f.address} ${f.message}`)).toEqual([
      'aws_iam_role_policy_attachment.iam arn:aws-us-gov:iam::aws:policy/IAMFullAccess: grant a scoped policy instead',
      'aws_iam_role.role arn:aws-cn:iam::aws:policy/AdministratorAccess: grant a scoped policy instead',
    ]);
  });
});

describe('iam-oidc-trust-scoped: the claims of the provider the statement federates', () => {
  test("a condition on another issuer's sub does not scope GitHub's tokens", () => {
    const found = run(
      'iam-oidc-trust-scoped',
      githubTrust({
        StringEquals: {
          'accounts.google.com:sub': '1234',
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        },
      }),
    );
    expect(found.map(f => f.message)).toEqual([
      'add a StringEquals/StringLike condition on the sub claim (repo:<owner>/<repo>:...)',
    ]);
  });

  test('every open subject is named', () => {
    const found = run('iam-oidc-trust-scoped', githubSubject(['repo:a/*', 'repo:b/*']));
    expect(found.map(f => f.message)).toEqual([
      'sub repo:a/*, repo:b/* lets other repositories assume the role: name the repository',
    ]);
  });
});

describe('iam-resource-wildcard: the listed actions', () => {
  const message = (actions: string[]) =>
    run('iam-resource-wildcard', identity([{ Effect: 'Allow', Action: actions, Resource: '*' }]))[0].message;

  test(
    'six actions are listed whole, a seventh turns the tail into a count; overlapping patterns list an action ' +
      'once',
    () => {
      const six = [
        'sqs:DeleteQueue',
        'sqs:SendMessage',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:PurgeQueue',
        'sqs:TagQueue',
      ];
      expect(message(six)).toBe(
        `Resource "*" without a Condition for resource-scopable ${six.join(', ')}: name the ARNs or add a Condition ` +
          `(e.g. aws:ResourceTag)`,
      );
      expect(message([...six, 'sqs:UntagQueue'])).toContain(`${six.join(', ')}, … (7 in all): name the ARNs`);
      expect(message(['sqs:DeleteQueue', 'sqs:Delete*'])).toContain(
        'resource-scopable sqs:DeleteQueue, sqs:DeleteMessage: name',
      );
    },
  );
});
