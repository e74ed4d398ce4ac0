import { DynamodbTable, DynamodbTableConfig } from '@cdktf/provider-aws/lib/dynamodb-table';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository, EcrRepositoryConfig } from '@cdktf/provider-aws/lib/ecr-repository';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import * as bucketEncryption from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { Construct } from 'constructs';
import { bucket, kmsKey, policyJson } from './fixtures';
import { eachPassesCompliant, finding, run, runAll } from './policy-helpers';

const BUCKET = 'aws_s3_bucket.bucket';

test('the compliant bucket passes every rule', () => {
  expect(runAll(s => bucket(s))).toEqual([]);
});

eachPassesCompliant(['s3-public-access-block', 's3-bucket-cmk', 's3-bucket-versioning', 's3-tls-only'], s => bucket(s));

describe('s3-public-access-block', () => {
  test('fails a missing block, a false flag and ACLs left on', () => {
    expect(run('s3-public-access-block', s => bucket(s, { pab: false }))).toEqual([
      finding('s3-public-access-block', BUCKET, 'bucket'),
    ]);
    expect(run('s3-public-access-block', s => bucket(s, { pab: { restrictPublicBuckets: false } }))).toEqual([
      finding('s3-public-access-block', 'aws_s3_bucket_public_access_block.pab', 'restrict_public_buckets'),
    ]);
    expect(run('s3-public-access-block', s => bucket(s, { ownership: 'ObjectWriter' }))[0].message).toContain(
      'BucketOwnerEnforced',
    );
  });

  test.each(['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'])(
    'fails %s left false',
    flag => {
      const found = run('s3-public-access-block', s => bucket(s, { pab: { [flag]: false } }));
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual(finding('s3-public-access-block', 'aws_s3_bucket_public_access_block.pab'));
      expect(found[0].message).toBe(`set ${found[0].path} = true`);
    },
  );

  test('fails missing ownership controls', () => {
    expect(run('s3-public-access-block', s => bucket(s, { ownership: false }))).toEqual([
      finding('s3-public-access-block', BUCKET, 'bucket'),
    ]);
  });
});

describe('s3-bucket-cmk', () => {
  test('fails AES256 and a missing configuration', () => {
    expect(run('s3-bucket-cmk', s => bucket(s, { sse: 'AES256' }))).toEqual([
      finding('s3-bucket-cmk', 'aws_s3_bucket_server_side_encryption_configuration.sse'),
    ]);
    expect(run('s3-bucket-cmk', s => bucket(s, { sse: false }))).toEqual([finding('s3-bucket-cmk', BUCKET)]);
  });

  test('aws:kms needs a key that is not the AWS-managed alias/aws/s3', () => {
    const sse = (byDefault: { sseAlgorithm: string; kmsMasterKeyId?: string }) => (s: Construct) => {
      const b = bucket(s, { sse: false });
      new bucketEncryption.S3BucketServerSideEncryptionConfigurationA(s, 'sse', {
        bucket: b.id,
        rule: [{ applyServerSideEncryptionByDefault: byDefault }],
      });
    };
    const fails = [finding('s3-bucket-cmk', 'aws_s3_bucket_server_side_encryption_configuration.sse')];
    expect(
      run(
        's3-bucket-cmk',
        sse({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }),
      ),
    ).toEqual([]);
    expect(run('s3-bucket-cmk', sse({ sseAlgorithm: 'aws:kms' }))).toEqual(fails);
    expect(run('s3-bucket-cmk', sse({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: '' }))).toEqual(fails);
    expect(run('s3-bucket-cmk', sse({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' }))).toEqual(fails);
    expect(
      run('s3-bucket-cmk', sse({ sseAlgorithm: 'AES256', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' })),
    ).toEqual(fails);
  });
});

describe('s3-bucket-versioning', () => {
  test('fails suspended and absent versioning', () => {
    expect(run('s3-bucket-versioning', s => bucket(s, { versioning: 'Suspended' }))).toEqual([
      finding('s3-bucket-versioning', BUCKET, 'bucket'),
    ]);
    expect(run('s3-bucket-versioning', s => bucket(s, { versioning: false }))).toHaveLength(1);
  });
});

/** The TLS deny of the bucket `test-bucket` as a literal statement: Deny s3:* to everyone when TLS is off. */
const TLS_DENY = {
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::test-bucket', 'arn:aws:s3:::test-bucket/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('s3-tls-only', () => {
  /** The bucket `test-bucket` with a policy of literal `statements` (and no TLS deny besides). */
  const withPolicy =
    (...statements: Record<string, unknown>[]) =>
    (s: Construct) => {
      const b = bucket(s, { tlsDeny: false });
      new S3BucketPolicy(s, 'policy', { bucket: b.id, policy: policyJson(statements) });
    };

  test('fails without the TLS deny statement', () => {
    expect(run('s3-tls-only', s => bucket(s, { tlsDeny: false }))).toEqual([finding('s3-tls-only', BUCKET, 'policy')]);
  });

  test('accepts literal bucket ARNs, and fails a deny that covers only the objects', () => {
    const literal = (resources: string[]) => withPolicy({ ...TLS_DENY, Resource: resources });
    expect(run('s3-tls-only', literal(['arn:aws:s3:::test-bucket', 'arn:aws:s3:::test-bucket/*']))).toEqual([]);
    expect(run('s3-tls-only', literal(['arn:aws:s3:::test-bucket/*']))).toEqual([
      finding('s3-tls-only', BUCKET, 'policy'),
    ]);
  });

  /** The TLS deny statement, with `overrides`, as the bucket's one statement. */
  const withStatement = (overrides: Record<string, unknown>) => withPolicy({ ...TLS_DENY, ...overrides });
  const fails = [finding('s3-tls-only', BUCKET, 'policy')];

  test("a deny on another bucket whose name starts with this one's does not count (logs is not logs-archive)", () => {
    const other = ['arn:aws:s3:::test-bucket-archive', 'arn:aws:s3:::test-bucket-archive/*'];
    expect(run('s3-tls-only', withStatement({ Resource: other }))).toEqual(fails);
    expect(
      run(
        's3-tls-only',
        withStatement({ Resource: ['arn:aws:s3:::test-bucket', 'arn:aws:s3:::test-bucket-archive/*'] }),
      ),
    ).toEqual(fails);
    expect(
      run(
        's3-tls-only',
        withStatement({ Resource: ['arn:aws:s3:::test-bucket-archive', 'arn:aws:s3:::test-bucket/*'] }),
      ),
    ).toEqual(fails);
  });

  test('every part of the statement is needed: Deny, to everyone, of reads and writes, when TLS is off', () => {
    expect(run('s3-tls-only', withStatement({}))).toEqual([]);
    expect(run('s3-tls-only', withStatement({ Action: ['s3:GetObject', 's3:PutObject'] }))).toEqual([]);
    expect(run('s3-tls-only', withStatement({ Effect: 'Allow' }))).toEqual(fails);
    expect(run('s3-tls-only', withStatement({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }))).toEqual(fails);
    expect(run('s3-tls-only', withStatement({ Action: 's3:GetObject' }))).toEqual(fails);
    expect(run('s3-tls-only', withStatement({ Action: 's3:PutObject' }))).toEqual(fails);
    expect(run('s3-tls-only', withStatement({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))).toEqual(
      fails,
    );
    expect(
      run('s3-tls-only', withStatement({ Condition: { StringEquals: { 'aws:SecureTransport': 'false' } } })),
    ).toEqual(fails);
    expect(run('s3-tls-only', withStatement({ Resource: ['arn:aws:s3:::test-bucket'] }))).toEqual(fails);
  });

  test('other statements beside the TLS deny do not matter; the finding says what to add', () => {
    const found = run('s3-tls-only', withStatement({}));
    expect(found).toEqual([]);
    const read = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/reader' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::test-bucket/*',
    };
    const withOther = withPolicy(read, TLS_DENY);
    expect(run('s3-tls-only', withOther)).toEqual([]);
    expect(run('s3-tls-only', s => bucket(s, { tlsDeny: false }))[0].message).toBe(
      'add an aws_s3_bucket_policy statement: Deny s3:* to "*" on the bucket and bucket/* when aws:SecureTransport ' +
        'is false',
    );
  });

  test('the policy must be attached to this bucket', () => {
    const elsewhere = (s: Construct) => {
      bucket(s, { tlsDeny: false });
      const other = new S3Bucket(s, 'other', { bucket: 'other' });
      new S3BucketPolicy(s, 'policy', { bucket: other.id, policy: policyJson([TLS_DENY]) });
    };
    expect(run('s3-tls-only', elsewhere)).toEqual(expect.arrayContaining(fails));
  });
});

/** A lock table: `aws_dynamodb_table.locks`. */
function table(s: Construct, overrides: Partial<DynamodbTableConfig> = {}): DynamodbTable {
  return new DynamodbTable(s, 'locks', {
    name: 'locks',
    hashKey: 'LockID',
    billingMode: 'PAY_PER_REQUEST',
    attribute: [{ name: 'LockID', type: 'S' }],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: kmsKey(s).arn },
    ...overrides,
  });
}

describe('dynamodb-pitr', () => {
  test('passes PITR, fails without it', () => {
    expect(run('dynamodb-pitr', s => table(s))).toEqual([]);
    expect(run('dynamodb-pitr', s => table(s, { pointInTimeRecovery: undefined }))).toEqual([
      finding('dynamodb-pitr', 'aws_dynamodb_table.locks', 'point_in_time_recovery[0].enabled'),
    ]);
  });
});

describe('dynamodb-cmk', () => {
  test('passes a CMK, fails the AWS-owned default and the AWS-managed alias', () => {
    expect(run('dynamodb-cmk', s => table(s))).toEqual([]);
    expect(run('dynamodb-cmk', s => table(s, { serverSideEncryption: { enabled: true } }))).toEqual([
      finding('dynamodb-cmk', 'aws_dynamodb_table.locks', 'server_side_encryption[0].kms_key_arn'),
    ]);
    expect(
      run('dynamodb-cmk', s => table(s, { serverSideEncryption: { enabled: true, kmsKeyArn: 'alias/aws/dynamodb' } })),
    ).toHaveLength(1);
    // another service's AWS-managed key is no CMK either (AWS refuses it at apply; the rule says so at synth)
    const s3Managed = 'arn:aws:kms:us-east-1:123456789012:alias/aws/s3';
    expect(
      run('dynamodb-cmk', s => table(s, { serverSideEncryption: { enabled: true, kmsKeyArn: s3Managed } })),
    ).toHaveLength(1);
  });

  test('fails encryption switched off or an empty key', () => {
    expect(
      run('dynamodb-cmk', s =>
        table(s, { serverSideEncryption: { enabled: false, kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' } }),
      ),
    ).toHaveLength(1);
    expect(run('dynamodb-cmk', s => table(s, { serverSideEncryption: { enabled: true, kmsKeyArn: '' } }))).toHaveLength(
      1,
    );
  });
});

/** A hardened repository with a lifecycle policy: `aws_ecr_repository.repo`. */
function repository(s: Construct, overrides: Partial<EcrRepositoryConfig> = {}, lifecycle = true): EcrRepository {
  const repo = new EcrRepository(s, 'repo', {
    name: 'myapp/api',
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: kmsKey(s).arn }],
    ...overrides,
  });
  if (lifecycle)
    new EcrLifecyclePolicy(s, 'lifecycle', { repository: repo.name, policy: JSON.stringify({ rules: [] }) });
  return repo;
}

describe('ECR rules', () => {
  test('the hardened repository passes every rule', () => {
    expect(runAll(s => repository(s))).toEqual([]);
  });

  eachPassesCompliant(['ecr-scan-on-push', 'ecr-immutable-tags', 'ecr-kms-cmk', 'ecr-lifecycle-policy'], s =>
    repository(s),
  );

  describe('ecr-scan-on-push', () => {
    test('fails without scan on push', () => {
      expect(
        run('ecr-scan-on-push', s => repository(s, { imageScanningConfiguration: { scanOnPush: false } })),
      ).toEqual([
        finding('ecr-scan-on-push', 'aws_ecr_repository.repo', 'image_scanning_configuration[0].scan_on_push'),
      ]);
    });
  });

  describe('ecr-immutable-tags', () => {
    test('fails mutable (absent) and IMMUTABLE_WITH_EXCLUSION tags', () => {
      expect(run('ecr-immutable-tags', s => repository(s, { imageTagMutability: undefined }))).toEqual([
        finding('ecr-immutable-tags', 'aws_ecr_repository.repo', 'image_tag_mutability'),
      ]);
      expect(
        run('ecr-immutable-tags', s => repository(s, { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' })),
      ).toHaveLength(1);
    });
  });

  describe('ecr-kms-cmk', () => {
    test('fails AES256 and KMS without a key', () => {
      expect(
        run('ecr-kms-cmk', s => repository(s, { encryptionConfiguration: [{ encryptionType: 'AES256' }] })),
      ).toEqual([finding('ecr-kms-cmk', 'aws_ecr_repository.repo', 'encryption_configuration[0]')]);
      expect(
        run('ecr-kms-cmk', s => repository(s, { encryptionConfiguration: [{ encryptionType: 'KMS' }] })),
      ).toHaveLength(1);
      expect(
        run('ecr-kms-cmk', s => repository(s, { encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: '' }] })),
      ).toHaveLength(1);
      expect(
        run('ecr-kms-cmk', s =>
          repository(s, {
            encryptionConfiguration: [{ encryptionType: 'AES256', kmsKey: 'arn:aws:kms:us-east-1:1:key/k' }],
          }),
        ),
      ).toHaveLength(1);
    });
  });

  describe('ecr-lifecycle-policy', () => {
    test('fails without a lifecycle policy', () => {
      expect(run('ecr-lifecycle-policy', s => repository(s, {}, false))).toEqual([
        finding('ecr-lifecycle-policy', 'aws_ecr_repository.repo', 'name'),
      ]);
    });

    test("another repository's lifecycle policy does not count", () => {
      const found = run('ecr-lifecycle-policy', s => {
        repository(s, {}, false);
        const other = new EcrRepository(s, 'other', { name: 'myapp/other' });
        new EcrLifecyclePolicy(s, 'lifecycle', { repository: other.name, policy: JSON.stringify({ rules: [] }) });
      });
      expect(found.map(f => f.address)).toEqual(['aws_ecr_repository.repo']);
    });
  });
});

describe('sqs-encryption', () => {
  test('passes SQS-managed SSE and a CMK, fails none and alias/aws/sqs', () => {
    expect(run('sqs-encryption', s => new SqsQueue(s, 'q', { sqsManagedSseEnabled: true }))).toEqual([]);
    expect(run('sqs-encryption', s => new SqsQueue(s, 'q', { kmsMasterKeyId: kmsKey(s).arn }))).toEqual([]);
    expect(run('sqs-encryption', s => new SqsQueue(s, 'q', {}))).toEqual([
      finding('sqs-encryption', 'aws_sqs_queue.q', 'sqs_managed_sse_enabled'),
    ]);
    expect(run('sqs-encryption', s => new SqsQueue(s, 'q', { kmsMasterKeyId: 'alias/aws/sqs' }))).toEqual([
      finding('sqs-encryption', 'aws_sqs_queue.q', 'kms_master_key_id'),
    ]);
  });
});

/** `aws_sqs_queue.q` with a queue policy of `statements`, each on the queue's ARN unless it names a Resource. */
const queue = (statements: readonly Record<string, unknown>[]) => (s: Construct) => {
  const q = new SqsQueue(s, 'q', { sqsManagedSseEnabled: true });
  new SqsQueuePolicy(s, 'qp', {
    queueUrl: q.url,
    policy: policyJson(statements.map(st => ({ Resource: q.arn, ...st }))),
  });
};

describe('sqs-queue-policy', () => {
  test('passes EventBridge SendMessage and a TLS deny', () => {
    expect(
      run(
        'sqs-queue-policy',
        queue([
          {
            Effect: 'Allow',
            Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
            Action: 'sqs:SendMessage',
          },
          { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ]),
      ),
    ).toEqual([]);
  });

  test('fails an account principal and extra actions', () => {
    expect(
      run(
        'sqs-queue-policy',
        queue([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
          },
        ]),
      ),
    ).toEqual([
      finding('sqs-queue-policy', 'aws_sqs_queue_policy.qp', 'policy.Statement[0].Principal'),
      finding('sqs-queue-policy', 'aws_sqs_queue_policy.qp', 'policy.Statement[0].Action'),
    ]);
  });

  test('fails a service that is not a sender, a service mixed with an account, wildcards and NotAction', () => {
    const paths = (statement: Record<string, unknown>) =>
      run('sqs-queue-policy', queue([{ Effect: 'Allow', ...statement }])).map(f => f.path);
    const events = { Service: 'events.amazonaws.com' };
    expect(paths({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage' })).toEqual([
      'policy.Statement[0].Principal',
    ]);
    expect(
      paths({ Principal: { ...events, AWS: 'arn:aws:iam::123456789012:role/r' }, Action: 'sqs:SendMessage' }),
    ).toEqual(['policy.Statement[0].Principal']);
    expect(paths({ Principal: events, Action: 'sqs:*' })).toEqual(['policy.Statement[0].Action']);
    expect(paths({ Principal: events, NotAction: 'sqs:DeleteQueue' })).toEqual(['policy.Statement[0].Action']);
    expect(paths({ Principal: events, Action: 'SQS:sendmessage' })).toEqual([]);
  });

  test('judges a policy set on the queue itself, not other resource policies', () => {
    const inline = (s: Construct) =>
      new SqsQueue(s, 'q', {
        sqsManagedSseEnabled: true,
        policy: policyJson([{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }]),
      });
    expect(run('sqs-queue-policy', inline).map(f => `${f.address} ${f.path}`)).toEqual([
      'aws_sqs_queue.q policy.Statement[0].Principal',
      'aws_sqs_queue.q policy.Statement[0].Action',
    ]);
    const key = (s: Construct) =>
      new KmsKey(s, 'k', { policy: policyJson([{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }]) });
    expect(run('sqs-queue-policy', key)).toEqual([]);
  });
});

describe('Secrets Manager rules', () => {
  const secret =
    (options: { key?: boolean; rotationDays?: number; value?: boolean } = {}) =>
    (s: Construct) => {
      const sec = new SecretsmanagerSecret(s, 'secret', {
        name: 'dev/myapp/database',
        kmsKeyId: options.key === false ? undefined : kmsKey(s).arn,
      });
      if (options.rotationDays !== undefined) {
        new SecretsmanagerSecretRotation(s, 'rotation', {
          secretId: sec.id,
          rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
          rotationRules: { automaticallyAfterDays: options.rotationDays },
        });
      }
      if (options.value) new SecretsmanagerSecretVersion(s, 'value', { secretId: sec.id, secretString: 'hunter2' });
    };

  test('secrets-manager-cmk: fails the default AWS-managed key', () => {
    expect(run('secrets-manager-cmk', secret())).toEqual([]);
    expect(run('secrets-manager-cmk', secret({ key: false }))).toEqual([
      finding('secrets-manager-cmk', 'aws_secretsmanager_secret.secret', 'kms_key_id'),
    ]);
  });

  test('secrets-manager-cmk: fails the AWS-managed alias and an empty key', () => {
    const withKey = (kmsKeyId: string) => (s: Construct) =>
      new SecretsmanagerSecret(s, 'secret', { name: 'dev/app', kmsKeyId });
    expect(run('secrets-manager-cmk', withKey('alias/aws/secretsmanager'))).toHaveLength(1);
    expect(run('secrets-manager-cmk', withKey(''))).toHaveLength(1);
    expect(run('secrets-manager-cmk', withKey('arn:aws:kms:us-east-1:123456789012:key/k'))).toEqual([]);
    // a customer alias may have aws/ in its name: only alias/aws/ is reserved for AWS-managed keys
    expect(run('secrets-manager-cmk', withKey('alias/team-aws/secrets'))).toEqual([]);
  });

  describe('secrets-manager-rotation', () => {
    test('passes 30-day rotation, fails none and 180 days', () => {
      expect(run('secrets-manager-rotation', secret({ rotationDays: 30 }))).toEqual([]);
      expect(run('secrets-manager-rotation', secret())).toEqual([
        finding('secrets-manager-rotation', 'aws_secretsmanager_secret.secret', 'rotation'),
      ]);
      expect(run('secrets-manager-rotation', secret({ rotationDays: 180 }))).toHaveLength(1);
    });

    /** The secret with one rotation of `rules`, attached to it or (`attached: false`) to another secret. */
    const rotated =
      (rules: Record<string, unknown>, attached = true) =>
      (s: Construct) => {
        const sec = new SecretsmanagerSecret(s, 'secret', { name: 'dev/myapp/database', kmsKeyId: kmsKey(s).arn });
        const other = new SecretsmanagerSecret(s, 'other', { name: 'dev/other', kmsKeyId: kmsKey(s, 'other-key').arn });
        new SecretsmanagerSecretRotation(s, 'rotation', {
          secretId: attached ? sec.id : other.id,
          rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
          rotationRules: rules,
        });
      };
    /** Whether the rotated secret `aws_secretsmanager_secret.secret` is flagged (the other one always is). */
    const flagged = (rules: Record<string, unknown>) => {
      const addresses = run('secrets-manager-rotation', rotated(rules)).map(f => f.address);
      expect(addresses).toContain('aws_secretsmanager_secret.other');
      return addresses.includes('aws_secretsmanager_secret.secret');
    };

    test('90 days is the longest interval, by days or by a rate; a cron schedule counts', () => {
      expect(flagged({ automaticallyAfterDays: 90 })).toBe(false);
      expect(flagged({ automaticallyAfterDays: 91 })).toBe(true);
      expect(flagged({ automaticallyAfterDays: 0 })).toBe(true);
      expect(flagged({ scheduleExpression: 'rate(90 days)' })).toBe(false);
      expect(flagged({ scheduleExpression: 'rate(1 day)' })).toBe(false);
      expect(flagged({ scheduleExpression: 'rate(91 days)' })).toBe(true);
      expect(flagged({ scheduleExpression: 'rate(12 hours)' })).toBe(true);
      expect(flagged({ scheduleExpression: 'cron(0 4 1 * ? *)' })).toBe(false);
    });

    test("another secret's rotation does not count", () => {
      const found = run('secrets-manager-rotation', rotated({ automaticallyAfterDays: 30 }, false));
      expect(found).toEqual([finding('secrets-manager-rotation', 'aws_secretsmanager_secret.secret', 'rotation')]);
    });
  });

  describe('secrets-manager-no-literal', () => {
    test('fails a secret value in Terraform', () => {
      expect(run('secrets-manager-no-literal', secret({ value: true }))).toEqual([
        finding('secrets-manager-no-literal', 'aws_secretsmanager_secret_version.value', 'secret_string'),
      ]);
    });

    test('fails a binary value, passes a version without a value', () => {
      const version = (value: Record<string, string>) => (s: Construct) => {
        const sec = new SecretsmanagerSecret(s, 'secret', { name: 'dev/myapp/database' });
        new SecretsmanagerSecretVersion(s, 'value', { secretId: sec.id, ...value });
      };
      expect(run('secrets-manager-no-literal', version({ secretBinary: 'aHVudGVyMg==' }))).toEqual([
        finding('secrets-manager-no-literal', 'aws_secretsmanager_secret_version.value', 'secret_binary'),
      ]);
      expect(run('secrets-manager-no-literal', version({}))).toEqual([]);
    });
  });
});

describe('kms-key-hardening', () => {
  test('fails no rotation, no policy and a disabled key', () => {
    expect(run('kms-key-hardening', s => kmsKey(s))).toEqual([]);
    const found = run('kms-key-hardening', s => new KmsKey(s, 'k', { isEnabled: false }));
    expect(found).toEqual([
      finding('kms-key-hardening', 'aws_kms_key.k', 'enable_key_rotation'),
      finding('kms-key-hardening', 'aws_kms_key.k', 'policy'),
      finding('kms-key-hardening', 'aws_kms_key.k', 'is_enabled'),
    ]);
  });

  test('asymmetric keys need no rotation', () => {
    expect(
      run(
        'kms-key-hardening',
        s => new KmsKey(s, 'k', { customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', policy: policyJson([]) }),
      ),
    ).toEqual([]);
  });

  test('an explicit SYMMETRIC_DEFAULT key needs rotation; a separate key policy counts as a policy', () => {
    const found = run('kms-key-hardening', s => {
      const k = new KmsKey(s, 'k', { customerMasterKeySpec: 'SYMMETRIC_DEFAULT', isEnabled: true });
      new KmsKeyPolicy(s, 'kp', { keyId: k.id, policy: policyJson([]) });
    });
    expect(found).toEqual([finding('kms-key-hardening', 'aws_kms_key.k', 'enable_key_rotation')]);
  });
});

describe('dynamodb-pitr and dynamodb-cmk findings', () => {
  const table2 = (overrides: Partial<DynamodbTableConfig>) => (s: Construct) => table(s, overrides);

  test('each finding names the table, the attribute and the block to set', () => {
    expect(run('dynamodb-pitr', table2({ pointInTimeRecovery: { enabled: false } }))).toEqual([
      expect.objectContaining({
        address: 'aws_dynamodb_table.locks',
        path: 'point_in_time_recovery[0].enabled',
        message: 'set point_in_time_recovery { enabled = true }',
      }),
    ]);
    expect(run('dynamodb-cmk', table2({ serverSideEncryption: { enabled: true } }))).toEqual([
      expect.objectContaining({
        address: 'aws_dynamodb_table.locks',
        path: 'server_side_encryption[0].kms_key_arn',
        message: 'set server_side_encryption { enabled = true, kms_key_arn = <CMK> }',
      }),
    ]);
  });

  test('a literal CMK ARN passes; the AWS-managed key fails by alias ARN too; each table is judged', () => {
    const cmk = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(run('dynamodb-cmk', table2({ serverSideEncryption: { enabled: true, kmsKeyArn: cmk } }))).toEqual([]);
    const managed = 'arn:aws:kms:us-east-1:123456789012:alias/aws/dynamodb';
    expect(run('dynamodb-cmk', table2({ serverSideEncryption: { enabled: true, kmsKeyArn: managed } }))).toHaveLength(
      1,
    );
    const two = (s: Construct) => {
      table(s);
      new DynamodbTable(s, 'plain', { name: 'plain', hashKey: 'id', attribute: [{ name: 'id', type: 'S' }] });
    };
    expect(run('dynamodb-cmk', two).map(f => f.address)).toEqual(['aws_dynamodb_table.plain']);
    expect(run('dynamodb-pitr', two).map(f => f.address)).toEqual(['aws_dynamodb_table.plain']);
  });
});

describe('ecr-scan-on-push, ecr-immutable-tags, ecr-kms-cmk and ecr-lifecycle-policy findings', () => {
  const messages = (rule: string, overrides: Partial<EcrRepositoryConfig>, lifecycle = true) =>
    run(rule, s => repository(s, overrides, lifecycle)).map(f => `${f.address} ${f.path}: ${f.message}`);

  test('each finding names the repository, the attribute and what to set', () => {
    expect(messages('ecr-scan-on-push', { imageScanningConfiguration: undefined })).toEqual([
      'aws_ecr_repository.repo image_scanning_configuration[0].scan_on_push: ' +
        'set image_scanning_configuration { scan_on_push = true }',
    ]);
    expect(messages('ecr-immutable-tags', { imageTagMutability: 'MUTABLE' })).toEqual([
      'aws_ecr_repository.repo image_tag_mutability: set image_tag_mutability = "IMMUTABLE"',
    ]);
    expect(messages('ecr-kms-cmk', { encryptionConfiguration: undefined })).toEqual([
      'aws_ecr_repository.repo encryption_configuration[0]: ' +
        'set encryption_configuration { encryption_type = "KMS", kms_key = <CMK arn> }',
    ]);
    expect(messages('ecr-lifecycle-policy', {}, false)).toEqual([
      'aws_ecr_repository.repo name: add an aws_ecr_lifecycle_policy (keep the last N images, expire untagged ones)',
    ]);
  });

  test('a literal CMK ARN passes ecr-kms-cmk; scan_on_push given as the string "true" passes', () => {
    const cmk = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(messages('ecr-kms-cmk', { encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: cmk }] })).toEqual([]);
    const stringTrue = (s: Construct) =>
      repository(s).addOverride('image_scanning_configuration.0.scan_on_push', 'true');
    expect(run('ecr-scan-on-push', stringTrue)).toEqual([]);
  });
});

describe('ecr-kms-cmk and the AWS-managed key', () => {
  // ECR takes kms_key as a key id, an alias or an ARN, and alias/aws/ecr is the AWS-managed key ECR creates
  // (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EncryptionConfiguration.html): not a CMK.
  test('fails alias/aws/ecr, by alias name or alias ARN; passes a customer alias', () => {
    const withKey = (kmsKey: string) => (s: Construct) =>
      repository(s, { encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey }] });
    expect(run('ecr-kms-cmk', withKey('alias/aws/ecr')).map(f => f.path)).toEqual(['encryption_configuration[0]']);
    expect(run('ecr-kms-cmk', withKey('arn:aws:kms:us-east-1:123456789012:alias/aws/ecr'))).toHaveLength(1);
    expect(run('ecr-kms-cmk', withKey('arn:aws:kms:us-east-1:123456789012:alias/platform-ecr'))).toEqual([]);
  });
});

describe('s3-public-access-block: what the findings say', () => {
  test('a missing block and missing ownership controls each name their fix', () => {
    expect(run('s3-public-access-block', s => bucket(s, { pab: false }))[0].message).toBe(
      'add an aws_s3_bucket_public_access_block with all four flags true',
    );
    expect(run('s3-public-access-block', s => bucket(s, { ownership: false }))[0].message).toBe(
      'add aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced" (ACLs off)',
    );
  });
});

describe('s3-bucket-cmk: any CMK rule of any configuration, and the finding', () => {
  const withRules =
    (...rules: { sseAlgorithm: string; kmsMasterKeyId?: string }[]) =>
    (s: Construct) => {
      const b = bucket(s, { sse: false });
      rules.forEach(
        (byDefault, i) =>
          new bucketEncryption.S3BucketServerSideEncryptionConfigurationA(s, `sse-${i}`, {
            bucket: b.id,
            rule: [{ applyServerSideEncryptionByDefault: byDefault }],
          }),
      );
    };
  const CMK = { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' };

  test('a CMK default in one of two configurations is enough', () => {
    expect(run('s3-bucket-cmk', withRules({ sseAlgorithm: 'AES256' }, CMK))).toEqual([]);
  });

  test('the finding points at the first configuration and says what to set', () => {
    const [found] = run('s3-bucket-cmk', withRules({ sseAlgorithm: 'AES256' }, { sseAlgorithm: 'aws:kms' }));
    expect(found).toEqual(
      finding(
        's3-bucket-cmk',
        'aws_s3_bucket_server_side_encryption_configuration.sse-0',
        'rule[0].apply_server_side_encryption_by_default[0]',
      ),
    );
    expect(found.message).toBe(
      'set sse_algorithm = "aws:kms" with kms_master_key_id = a CMK (and bucket_key_enabled = true)',
    );
  });
});

describe('s3-bucket-versioning: the message', () => {
  test('the finding names the resource to add', () => {
    expect(run('s3-bucket-versioning', s => bucket(s, { versioning: false }))[0].message).toBe(
      'add aws_s3_bucket_versioning with status = "Enabled"',
    );
  });
});

describe('s3-tls-only: a policy the rule cannot read', () => {
  test('a bucket policy only Terraform can read does not show the TLS deny', () => {
    const unreadable = (s: Construct) => {
      const b = bucket(s, { tlsDeny: false });
      new S3BucketPolicy(s, 'policy', { bucket: b.id, policy: '${jsonencode(local.policy)}' });
    };
    expect(run('s3-tls-only', unreadable)).toEqual([finding('s3-tls-only', BUCKET, 'policy')]);
  });
});

describe('sqs-encryption: an empty key and the messages', () => {
  test('an empty key is no key; each finding names its fix', () => {
    const [none] = run('sqs-encryption', s => new SqsQueue(s, 'q', { kmsMasterKeyId: '' }));
    expect(none).toEqual(finding('sqs-encryption', 'aws_sqs_queue.q', 'sqs_managed_sse_enabled'));
    expect(none.message).toBe('set sqs_managed_sse_enabled = true (or kms_master_key_id = <CMK>)');
    const [managed] = run(
      'sqs-encryption',
      s => new SqsQueue(s, 'q', { kmsMasterKeyId: 'alias/aws/sqs', sqsManagedSseEnabled: true }),
    );
    expect(managed.message).toBe('use a CMK or sqs_managed_sse_enabled = true, not alias/aws/sqs');
  });
});

describe('sqs-queue-policy: principals and messages', () => {
  test('every Service principal must be a sender; the findings name what is allowed', () => {
    const found = run(
      'sqs-queue-policy',
      queue([
        { Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sns.amazonaws.com'] }, Action: 's3:*' },
      ]),
    );
    expect(found.map(f => `${f.path}: ${f.message}`)).toEqual([
      'policy.Statement[0].Principal: allow only Service principals events.amazonaws.com, sqs.amazonaws.com',
      'policy.Statement[0].Action: allow only sqs:SendMessage',
    ]);
  });

  test('an Allow that names no principal is not a service principal', () => {
    const found = run('sqs-queue-policy', queue([{ Effect: 'Allow', Action: 'sqs:SendMessage' }]));
    expect(found).toEqual([finding('sqs-queue-policy', 'aws_sqs_queue_policy.qp', 'policy.Statement[0].Principal')]);
  });

  test('a policy only Terraform can read is left to policy-document-readable', () => {
    const unreadable = (s: Construct) => {
      const q = new SqsQueue(s, 'q', { sqsManagedSseEnabled: true });
      new SqsQueuePolicy(s, 'qp', { queueUrl: q.url, policy: '${jsonencode(local.policy)}' });
    };
    expect(run('sqs-queue-policy', unreadable)).toEqual([]);
  });
});

describe('secrets-manager rules: what the findings say', () => {
  test('cmk, rotation and literal value each name their fix', () => {
    const build = (s: Construct) => {
      const sec = new SecretsmanagerSecret(s, 'secret', { name: 'dev/app' });
      new SecretsmanagerSecretVersion(s, 'value', { secretId: sec.id, secretString: 'hunter2' });
    };
    expect(run('secrets-manager-cmk', build)[0].message).toBe(
      'set kms_key_id to a CMK (its policy must let External Secrets decrypt via Secrets Manager)',
    );
    expect(run('secrets-manager-rotation', build)[0].message).toBe(
      'add an aws_secretsmanager_secret_rotation (<= 90 days), or suppress with the reason it cannot rotate',
    );
    expect(run('secrets-manager-no-literal', build)[0].message).toBe(
      'do not store secret values in Terraform: create the container only, set the value out of band ' +
        '(or secret_string_wo)',
    );
  });

  test('a key id that is not a string is no CMK', () => {
    const numeric = (s: Construct) =>
      new SecretsmanagerSecret(s, 'secret', { name: 'dev/app' }).addOverride('kms_key_id', 7);
    expect(run('secrets-manager-cmk', numeric)).toEqual([
      finding('secrets-manager-cmk', 'aws_secretsmanager_secret.secret', 'kms_key_id'),
    ]);
  });

  test('a schedule that is neither a rate nor a cron, and a rate in minutes, do not rotate within 90 days', () => {
    const rotated = (scheduleExpression: string) => (s: Construct) => {
      const sec = new SecretsmanagerSecret(s, 'secret', {
        name: 'dev/app',
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
      });
      new SecretsmanagerSecretRotation(s, 'rotation', { secretId: sec.id, rotationRules: { scheduleExpression } });
    };
    expect(run('secrets-manager-rotation', rotated('rate(10 minutes)'))).toHaveLength(1);
    expect(run('secrets-manager-rotation', rotated('at(2027-01-01T00:00:00)'))).toHaveLength(1);
    expect(run('secrets-manager-rotation', rotated('xrate(30 days)'))).toHaveLength(1);
    expect(run('secrets-manager-rotation', rotated('rate(30 days) '))).toHaveLength(1);
    expect(run('secrets-manager-rotation', rotated('rate(30 days)'))).toEqual([]);
  });
});

describe('kms-key-hardening: what each finding asks for', () => {
  test('names the attribute to set and why', () => {
    const found = run('kms-key-hardening', s => new KmsKey(s, 'k', { enableKeyRotation: false, isEnabled: false }));
    expect(found.map(f => [f.path, f.message])).toEqual([
      ['enable_key_rotation', 'set enable_key_rotation = true'],
      ['policy', 'write the key policy (least privilege per service) instead of the default account-wide one'],
      ['is_enabled', 'a disabled key breaks everything encrypted with it'],
    ]);
  });

  test('an asymmetric key without rotation still needs a policy and to stay enabled', () => {
    const found = run(
      'kms-key-hardening',
      s => new KmsKey(s, 'k', { customerMasterKeySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY', isEnabled: false }),
    );
    expect(found.map(f => f.path)).toEqual(['policy', 'is_enabled']);
  });

  test('a key policy of another key is not this key’s policy', () => {
    const found = run('kms-key-hardening', s => {
      new KmsKey(s, 'k', { enableKeyRotation: true });
      const other = new KmsKey(s, 'other', { enableKeyRotation: true });
      new KmsKeyPolicy(s, 'kp', { keyId: other.id, policy: policyJson([]) });
    });
    expect(found).toEqual([finding('kms-key-hardening', 'aws_kms_key.k', 'policy')]);
  });
});

describe('s3-tls-only in every partition', () => {
  /** The bucket `test-bucket` whose policy denies non-TLS requests on literal ARNs of `partition`. */
  const denyIn =
    (partition: string, name = 'test-bucket') =>
    (s: Construct) => {
      const b = bucket(s, { tlsDeny: false });
      const deny = {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:${partition}:s3:::${name}`, `arn:${partition}:s3:::${name}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      };
      new S3BucketPolicy(s, 'policy', { bucket: b.id, policy: policyJson([deny]) });
    };

  test.each(['aws', 'aws-cn', 'aws-us-gov'])('a deny on the literal %s ARNs of the bucket counts', partition => {
    expect(run('s3-tls-only', denyIn(partition))).toEqual([]);
  });

  test('an ARN of no partition, or of another bucket, does not count', () => {
    const fails = [finding('s3-tls-only', BUCKET, 'policy')];
    expect(run('s3-tls-only', denyIn('aws-moon'))).toEqual(fails);
    expect(run('s3-tls-only', denyIn('aws-cn', 'test-bucket-archive'))).toEqual(fails);
    expect(run('s3-tls-only', denyIn('aws-cn', 'test'))).toEqual(fails);
  });
});
