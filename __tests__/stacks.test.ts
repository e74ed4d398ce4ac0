import { Testing } from 'cdktf';
import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { platform } from '../environments';
import { EKS_CONTRACT, VPC_CONTRACT } from '../modules/contracts';
import { ALL_STACK_IDS, buildTestPlatform, dataSources, realStack, resources, synth, withPlatform } from './helpers';
import type { SynthesizedStack } from './helpers';
import { realOutdir } from './real-platform';
import { policyStatements } from './tf-json';
import { joinedRegExp } from './regexp';

/** The state-backend stack with `platform.state.stateBackendInS3: true`, synthesized on first use. */
let stateBackendInS3: SynthesizedStack | undefined;
function stateBackendStackInS3(): SynthesizedStack {
  stateBackendInS3 ??= synth(
    buildTestPlatform(
      undefined,
      withPlatform(p => (p.state.stateBackendInS3 = true)),
    ).stateBackend,
  );
  return stateBackendInS3;
}

/** Every string value in a synthesized stack. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('every stack', () => {
  test.each(ALL_STACK_IDS)('%s has the AWS provider with region, account guard and default tags', id => {
    const stack = realStack(id);
    const aws = stack.provider?.aws;
    expect(aws).toHaveLength(1);
    const environment = id === 'state-backend' || id === 'shared' ? 'shared' : id.split('-')[0];
    expect(aws![0]).toMatchObject({
      region: platform.aws.region,
      allowed_account_ids: [platform.aws.accountId],
      default_tags: [{ tags: { environment, project: 'myapp', 'managed-by': 'cdktf' } }],
    });
  });

  test.each(ALL_STACK_IDS.filter(id => id !== 'state-backend'))(
    '%s keeps its state in S3 with encryption and DynamoDB locking',
    id => {
      const s3 = realStack(id).terraform?.backend?.s3;
      const path = id === 'shared' ? 'shared' : id.replace('-', '/');
      expect(s3).toEqual({
        bucket: platform.state.bucket,
        region: platform.aws.region,
        encrypt: true,
        dynamodb_table: platform.state.lockTable,
        key: `${path}/terraform.tfstate`,
      });
    },
  );

  test.each(ALL_STACK_IDS)('%s requires Terraform 1.10 or newer (S3 lock files)', id => {
    expect((realStack(id).terraform as Record<string, unknown>).required_version).toBe('>= 1.10.0');
  });

  test("state keys are unique (with the state-backend stack's own key once it is in S3)", () => {
    const keys = ALL_STACK_IDS.filter(id => id !== 'state-backend').map(
      id => realStack(id).terraform?.backend?.s3?.key,
    );
    keys.push(stateBackendStackInS3().terraform?.backend?.s3?.key);
    expect(keys.every(k => typeof k === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('state-backend keeps local state by default, at the project root relative to its stack directory', () => {
    expect(platform.state.stateBackendInS3).toBe(false);
    expect(realStack('state-backend').terraform?.backend).toEqual({
      local: { path: '../../../terraform.state-backend.tfstate' },
    });
    // cdktf.out/stacks/state-backend/../../../ is the project root (outside cdktf.out, which synth may rewrite)
    const root = resolve(__dirname, '..');
    expect(resolve(root, 'cdktf.out/stacks/state-backend', '../../../terraform.state-backend.tfstate')).toBe(
      join(root, 'terraform.state-backend.tfstate'),
    );
  });

  test(
    'state-backend keeps its state in S3 (its own key, encrypted, locked) when platform.state.stateBackendInS3 ' +
      'is set',
    () => {
      const backend = stateBackendStackInS3().terraform?.backend;
      expect(backend).toEqual({
        s3: {
          bucket: platform.state.bucket,
          region: platform.aws.region,
          encrypt: true,
          dynamodb_table: platform.state.lockTable,
          key: 'state-backend/terraform.tfstate',
        },
      });
      expect(backend).not.toHaveProperty('local');
    },
  );

  test('the local state file is ignored by git', () => {
    const root = join(__dirname, '..');
    const ignored = execFileSync(
      'git',
      ['check-ignore', '--no-index', 'terraform.state-backend.tfstate', 'terraform.state-backend.tfstate.backup'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(ignored.split('\n').filter(Boolean)).toEqual([
      'terraform.state-backend.tfstate',
      'terraform.state-backend.tfstate.backup',
    ]);
  });
});

describe('layer contracts', () => {
  test.each(['dev', 'prod'])('%s: the vpc layer publishes its contract and the eks layer reads it', env => {
    expect(Object.keys(realStack(`${env}-vpc`).output ?? {})).toEqual(expect.arrayContaining(VPC_CONTRACT.outputNames));
    const reader = dataSources(realStack(`${env}-eks`), 'terraform_remote_state');
    expect(Object.values(reader)).toEqual([
      expect.objectContaining({
        backend: 's3',
        config: { bucket: platform.state.bucket, key: `${env}/vpc/terraform.tfstate`, region: platform.aws.region },
      }),
    ]);
  });

  test.each(['dev', 'prod'])('%s: the eks layer publishes its contract and the addons layer reads it', env => {
    expect(Object.keys(realStack(`${env}-eks`).output ?? {})).toEqual(expect.arrayContaining(EKS_CONTRACT.outputNames));
    const reader = dataSources(realStack(`${env}-addons`), 'terraform_remote_state');
    expect(Object.values(reader)).toEqual([
      expect.objectContaining({ config: expect.objectContaining({ key: `${env}/eks/terraform.tfstate` }) }),
    ]);
  });

  test('no stack reads state of another environment', () => {
    for (const id of ALL_STACK_IDS) {
      const env = id.split('-')[0];
      for (const reader of Object.values(dataSources(realStack(id), 'terraform_remote_state'))) {
        expect((reader.config as { key: string }).key.startsWith(`${env}/`)).toBe(true);
      }
    }
  });
});

describe('synthesized app', () => {
  // the test run's one synth of the shipped platform (global-setup.ts)
  const outdir = realOutdir();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { dependencies: string[] }>;
  };

  test('holds exactly the eight stacks', () => {
    expect(Object.keys(manifest.stacks).sort()).toEqual([...ALL_STACK_IDS].sort());
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual([...ALL_STACK_IDS].sort());
  });

  test("no stack holds an absolute path of this machine (e.g. cdktf's default local backend path)", () => {
    const root = resolve(__dirname, '..');
    for (const id of ALL_STACK_IDS) {
      const stack = JSON.parse(readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as unknown;
      expect([id, stringsOf(stack).filter(s => s.startsWith(root) || s.startsWith(outdir))]).toEqual([id, []]);
    }
    const s3 = stateBackendStackInS3();
    expect(stringsOf(s3).filter(s => s.startsWith(root))).toEqual([]);
  });

  test('no stack has a cdktf cross-stack dependency, so `cdktf deploy dev-addons` is accepted alone', () => {
    for (const stack of Object.values(manifest.stacks)) expect(stack.dependencies).toEqual([]);
    for (const id of ALL_STACK_IDS) {
      const json = readFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8');
      expect(json).not.toContain('cross-stack-output');
      expect(json).not.toContain('cross-stack-reference');
    }
  });
});

describe('the state-backend stack', () => {
  const stack = realStack('state-backend');
  const only = (type: string) => {
    const all = Object.values(resources(stack, type));
    expect(all).toHaveLength(1);
    return all[0];
  };

  test('the bucket is versioned, AES-256 encrypted, private, ACL-free and protected from destroy', () => {
    expect(only('aws_s3_bucket')).toMatchObject({
      bucket: platform.state.bucket,
      lifecycle: { prevent_destroy: true },
    });
    expect(only('aws_s3_bucket_versioning')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(only('aws_s3_bucket_server_side_encryption_configuration')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(only('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only('aws_s3_bucket_ownership_controls')).toMatchObject({
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  test('the bucket policy denies every request without TLS', () => {
    expect(policyStatements(stack, only('aws_s3_bucket_policy').policy)).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: ['s3:*'],
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
      }),
    ]);
  });

  test('non-current state versions expire', () => {
    expect(only('aws_s3_bucket_lifecycle_configuration')).toMatchObject({
      rule: [
        {
          status: 'Enabled',
          noncurrent_version_expiration: [{ noncurrent_days: platform.state.noncurrentVersionDays }],
        },
      ],
    });
  });

  test('the lock table has a LockID string key, on-demand billing, PITR, encryption and protection', () => {
    expect(only('aws_dynamodb_table')).toMatchObject({
      name: platform.state.lockTable,
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: expect.objectContaining({ enabled: true }),
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe('use_lockfile', () => {
  test('is off by default and added beside DynamoDB when enabled', () => {
    const lockfile = { ...platform, state: { ...platform.state, useLockfile: true } };
    const built = buildTestPlatform(undefined, lockfile);
    const backend = JSON.parse(Testing.synth(built.environments.dev.vpc)).terraform.backend.s3;
    expect(backend).toMatchObject({ use_lockfile: true, dynamodb_table: platform.state.lockTable });
    expect(realStack('dev-vpc').terraform?.backend?.s3).not.toHaveProperty('use_lockfile');
  });
});

describe('source hygiene', () => {
  const root = join(__dirname, '..');
  const sources = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.js'],
    { cwd: root, encoding: 'utf8' },
  )
    .split('\n')
    .filter(f => f && existsSync(join(root, f)));

  test('no file imports the root of a provider package (each costs seconds and hundreds of MB at synth)', () => {
    const offenders = sources.filter(f =>
      joinedRegExp(
        /from\s+['"]@cdktf\/provider-(aws|helm|kubernetes)['"]/,
        /|require\(['"]@cdktf\/provider-(aws|helm|kubernetes)['"]\)/,
      ).test(readFileSync(join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  test('nothing reads the reference folder ../shared beside the project (a user clone has no such folder)', () => {
    const outside = join('..', 'shared');
    const isShared = (target: string) => target === outside || target.startsWith(`${outside}/`);
    const escapes = (file: string) =>
      [
        ...readFileSync(join(root, file), 'utf8').matchAll(
          /(from\s+|require\(|import\()?['"`]((?:\.\.\/)+[^'"`]*)['"`]/g,
        ),
      ].filter(m => {
        // an import resolves from the file's folder; any other path string may be resolved from the working directory
        const fromFile = relative(root, resolve(root, dirname(file), m[2]));
        const fromRoot = relative(root, resolve(root, m[2]));
        return isShared(fromFile) || (m[1] === undefined && isShared(fromRoot));
      });
    expect(sources.flatMap(f => escapes(f).map(m => `${f}: ${m[2]}`))).toEqual([]);
  });
});
