import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { Subnet, SubnetConfig } from '@cdktf/provider-aws/lib/subnet';
import { DataTerraformRemoteStateS3 } from 'cdktf';
import type { Construct } from 'constructs';
import { KUBERNETES_VERSIONS } from '../../environments/kubernetes-versions';
import { cluster, kmsKey, policyJson, privateSubnetIds } from './fixtures';
import { eachPassesCompliant, finding, run, runAll } from './policy-helpers';

const CLUSTER = 'aws_eks_cluster.cluster';
const PRIVATE_ONLY = (s: Parameters<typeof privateSubnetIds>[0]) => ({
  subnetIds: privateSubnetIds(s),
  endpointPrivateAccess: true,
  endpointPublicAccess: false,
});

test('the compliant cluster passes every rule', () => {
  expect(runAll(s => cluster(s))).toEqual([]);
});

eachPassesCompliant(
  [
    'eks-control-plane-logging',
    'eks-secrets-encryption',
    'eks-private-endpoint',
    'eks-access-entries-only',
    'eks-no-creator-admin',
    'eks-private-subnets',
    'eks-supported-version',
    'eks-log-group',
  ],
  s => cluster(s),
);

describe('eks-control-plane-logging', () => {
  test('fails when a log type is missing, naming it', () => {
    const found = run('eks-control-plane-logging', s => cluster(s, { enabledClusterLogTypes: ['api', 'audit'] }));
    expect(found).toEqual([finding('eks-control-plane-logging', CLUSTER, 'enabled_cluster_log_types')]);
    expect(found[0].message).toContain('authenticator, controllerManager, scheduler');
  });

  test('fails when logging is absent', () => {
    expect(run('eks-control-plane-logging', s => cluster(s, { enabledClusterLogTypes: undefined }))).toHaveLength(1);
  });
});

describe('eks-secrets-encryption', () => {
  test('fails without encryption_config', () => {
    expect(run('eks-secrets-encryption', s => cluster(s, { encryptionConfig: undefined }))).toEqual([
      finding('eks-secrets-encryption', CLUSTER, 'encryption_config[0].resources'),
    ]);
  });

  test('fails with a key that is not a CMK of the stack', () => {
    const found = run('eks-secrets-encryption', s =>
      cluster(s, { encryptionConfig: { resources: ['secrets'], provider: { keyArn: 'alias/aws/eks' } } }),
    );
    expect(found).toEqual([finding('eks-secrets-encryption', CLUSTER, 'encryption_config[0].provider[0].key_arn')]);
  });
});

describe('eks-private-endpoint', () => {
  test('fails when private access is off or absent (provider default false)', () => {
    expect(
      run('eks-private-endpoint', s =>
        cluster(s, { vpcConfig: { subnetIds: privateSubnetIds(s), endpointPrivateAccess: false } }),
      ),
    ).toEqual([finding('eks-private-endpoint', CLUSTER, 'vpc_config[0].endpoint_private_access')]);
    expect(
      run('eks-private-endpoint', s => cluster(s, { vpcConfig: { subnetIds: privateSubnetIds(s) } })),
    ).toHaveLength(1);
  });
});

describe('eks-public-access-cidrs', () => {
  const withCidrs = (cidrs?: string[]) => (s: Parameters<typeof privateSubnetIds>[0]) =>
    cluster(s, {
      vpcConfig: {
        subnetIds: privateSubnetIds(s),
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: cidrs,
      },
    });

  test('passes a private-only endpoint and narrow public CIDRs', () => {
    expect(run('eks-public-access-cidrs', s => cluster(s, { vpcConfig: PRIVATE_ONLY(s) }))).toEqual([]);
    expect(run('eks-public-access-cidrs', withCidrs(['203.0.113.0/24', '198.51.100.7/32']))).toEqual([]);
  });

  test('fails on 0.0.0.0/0, on absent CIDRs (the default is the world) and on too-wide ranges', () => {
    expect(run('eks-public-access-cidrs', withCidrs(['0.0.0.0/0']))).toEqual([
      finding('eks-public-access-cidrs', CLUSTER, 'vpc_config[0].public_access_cidrs'),
    ]);
    expect(run('eks-public-access-cidrs', withCidrs(undefined))).toHaveLength(1);
    expect(run('eks-public-access-cidrs', withCidrs(['10.0.0.0/8']))[0].message).toContain('wider than /24');
  });

  test('fails when endpoint_public_access is absent (provider default true) and CIDRs are absent', () => {
    expect(
      run('eks-public-access-cidrs', s =>
        cluster(s, { vpcConfig: { subnetIds: privateSubnetIds(s), endpointPrivateAccess: true } }),
      ),
    ).toHaveLength(1);
  });

  test('the default minimum prefix is /24: /24 passes, /23 fails; IPv6 world fails; messages name the CIDRs', () => {
    expect(run('eks-public-access-cidrs', withCidrs(['198.51.100.0/24']))).toEqual([]);
    expect(run('eks-public-access-cidrs', withCidrs(['198.51.100.0/24', '198.50.0.0/23']))[0].message).toBe(
      '198.50.0.0/23 wider than /24: narrow the public endpoint CIDRs',
    );
    expect(run('eks-public-access-cidrs', withCidrs(['198.51.100.0/24', '::/0']))[0].message).toBe(
      '::/0 opens the API endpoint to the internet: list the office/CI CIDRs instead',
    );
    expect(run('eks-public-access-cidrs', withCidrs(['198.51.100.7']))).toHaveLength(1);
  });

  test('the minimum prefix is a setting', () => {
    expect(
      run('eks-public-access-cidrs', withCidrs(['203.0.113.0/24']), { settings: { minPublicCidrPrefix: 28 } }),
    ).toHaveLength(1);
  });
});

describe('eks-public-endpoint', () => {
  test('passes private-only, fails a public endpoint (explicit or by default)', () => {
    expect(run('eks-public-endpoint', s => cluster(s))).toEqual([]);
    expect(
      run('eks-public-endpoint', s =>
        cluster(s, { vpcConfig: { subnetIds: privateSubnetIds(s), endpointPrivateAccess: true } }),
      ),
    ).toEqual([finding('eks-public-endpoint', CLUSTER, 'vpc_config[0].endpoint_public_access')]);
  });
});

describe('eks-access-entries-only', () => {
  test('fails on API_AND_CONFIG_MAP and when absent (provider default CONFIG_MAP)', () => {
    expect(
      run('eks-access-entries-only', s => cluster(s, { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } })),
    ).toEqual([finding('eks-access-entries-only', CLUSTER, 'access_config[0].authentication_mode')]);
    expect(run('eks-access-entries-only', s => cluster(s, { accessConfig: undefined }))).toHaveLength(1);
  });
});

describe('eks-no-creator-admin', () => {
  test('fails when the creator keeps admin (explicitly or by default)', () => {
    expect(run('eks-no-creator-admin', s => cluster(s, { accessConfig: { authenticationMode: 'API' } }))).toEqual([
      finding('eks-no-creator-admin', CLUSTER, 'access_config[0].bootstrap_cluster_creator_admin_permissions'),
    ]);
    expect(
      run('eks-no-creator-admin', s =>
        cluster(s, { accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true } }),
      ),
    ).toHaveLength(1);
  });
});

describe('eks-private-subnets', () => {
  test('fails on literal or public subnet ids', () => {
    expect(
      run('eks-private-subnets', s =>
        cluster(s, {
          vpcConfig: { subnetIds: ['subnet-0123'], endpointPrivateAccess: true, endpointPublicAccess: false },
        }),
      ),
    ).toEqual([finding('eks-private-subnets', CLUSTER, 'vpc_config[0].subnet_ids')]);
  });

  test('subnets of the stack are private unless they map public IPs or carry the internet-facing ELB tag', () => {
    const onSubnets =
      (...subnets: Partial<SubnetConfig>[]) =>
      (s: Construct) => {
        const ids = subnets.map(
          (config, i) => new Subnet(s, `subnet-${i}`, { vpcId: 'vpc-1', cidrBlock: `10.0.${i}.0/24`, ...config }).id,
        );
        cluster(s, { vpcConfig: { subnetIds: ids, endpointPrivateAccess: true, endpointPublicAccess: false } });
      };
    const fails = [finding('eks-private-subnets', CLUSTER, 'vpc_config[0].subnet_ids')];
    expect(run('eks-private-subnets', onSubnets({ tags: { 'kubernetes.io/role/internal-elb': '1' } }, {}))).toEqual([]);
    expect(run('eks-private-subnets', onSubnets({}, { mapPublicIpOnLaunch: true }))).toEqual(fails);
    expect(run('eks-private-subnets', onSubnets({}, { tags: { 'kubernetes.io/role/elb': '1' } }))).toEqual(fails);
    const mixed = (s: Construct) => {
      const own = new Subnet(s, 'own', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' });
      cluster(s, {
        vpcConfig: { subnetIds: [own.id, 'subnet-0123'], endpointPrivateAccess: true, endpointPublicAccess: false },
      });
    };
    expect(run('eks-private-subnets', mixed)).toEqual(fails);
    const publicOutput = (s: Construct) => {
      const state = new DataTerraformRemoteStateS3(s, 'vpc-state', {
        bucket: 'b',
        key: 'dev/vpc/terraform.tfstate',
        region: 'us-east-1',
      });
      cluster(s, {
        vpcConfig: {
          subnetIds: state.getList('public_subnet_ids'),
          endpointPrivateAccess: true,
          endpointPublicAccess: false,
        },
      });
    };
    expect(run('eks-private-subnets', publicOutput)).toEqual(fails);
  });
});

describe('eks-supported-version', () => {
  test('fails on a version missing from the lifecycle table', () => {
    const found = run('eks-supported-version', s => cluster(s, { version: '1.27' }));
    expect(found).toEqual([finding('eks-supported-version', CLUSTER, 'version')]);
    expect(found[0].message).toContain('1.35');
  });
});

describe('eks-log-group', () => {
  test('fails when /aws/eks/<name>/cluster is not created by Terraform', () => {
    expect(
      run('eks-log-group', s => {
        new EksCluster(s, 'cluster', {
          name: 'other',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          vpcConfig: PRIVATE_ONLY(s),
        });
      }),
    ).toEqual([finding('eks-log-group', CLUSTER, 'name')]);
  });

  test("another cluster's group does not count; the message names the group to create", () => {
    const [missing] = run('eks-log-group', s => {
      new CloudwatchLogGroup(s, 'log-group', { name: '/aws/eks/test/cluster' });
      new EksCluster(s, 'cluster', {
        name: 'other',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        vpcConfig: PRIVATE_ONLY(s),
      });
    });
    expect(missing.message).toBe(
      'create aws_cloudwatch_log_group "/aws/eks/other/cluster" (retention + kms_key_id) and make the cluster ' +
        'depend on it',
    );
  });
});

describe('log-group-hardening', () => {
  test('passes with KMS and retention, fails without either', () => {
    expect(run('log-group-hardening', s => cluster(s))).toEqual([]);
    const found = run('log-group-hardening', s => {
      new CloudwatchLogGroup(s, 'bare', { name: '/x' });
    });
    expect(found).toEqual([
      finding('log-group-hardening', 'aws_cloudwatch_log_group.bare', 'kms_key_id'),
      finding('log-group-hardening', 'aws_cloudwatch_log_group.bare', 'retention_in_days'),
    ]);
  });

  test('fails a key whose policy does not admit CloudWatch Logs', () => {
    const found = run('log-group-hardening', s => {
      new CloudwatchLogGroup(s, 'group', {
        name: '/x',
        retentionInDays: 30,
        kmsKeyId: kmsKey(s, 'no-logs', false).arn,
      });
    });
    expect(found).toEqual([finding('log-group-hardening', 'aws_cloudwatch_log_group.group', 'kms_key_id')]);
    expect(found[0].message).toContain('logs.<region>.amazonaws.com');
  });

  test(
    'an external key and a key policy resource that admits CloudWatch Logs pass; a Deny to logs does not ' + 'admit',
    () => {
      const logs = (region: string, effect = 'Allow') => ({
        Effect: effect,
        Principal: { Service: `logs.${region}amazonaws.com` },
        Action: 'kms:*',
        Resource: '*',
      });
      const withKeyPolicy = (statement: Record<string, unknown>) => (s: Construct) => {
        const key = new KmsKey(s, 'key', { enableKeyRotation: true });
        new KmsKeyPolicy(s, 'key-policy', { keyId: key.id, policy: policyJson([statement]) });
        new CloudwatchLogGroup(s, 'group', { name: '/x', retentionInDays: 30, kmsKeyId: key.arn });
      };
      expect(run('log-group-hardening', withKeyPolicy(logs('us-east-1.')))).toEqual([]);
      expect(run('log-group-hardening', withKeyPolicy(logs('')))).toEqual([]);
      expect(run('log-group-hardening', withKeyPolicy(logs('us-east-1.', 'Deny')))).toHaveLength(1);
      const external = (s: Construct) =>
        new CloudwatchLogGroup(s, 'group', {
          name: '/x',
          retentionInDays: 30,
          kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
        });
      expect(run('log-group-hardening', external)).toEqual([]);
    },
  );

  test('a retention given as a string counts', () => {
    const group = (s: Construct) => {
      new CloudwatchLogGroup(s, 'group', {
        name: '/x',
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
      }).addOverride('retention_in_days', '30');
    };
    expect(run('log-group-hardening', group)).toEqual([]);
  });
});

describe('eks-* cluster rule findings', () => {
  const said = (rule: string, build: (s: Construct) => void, options = {}) =>
    run(rule, build, options).map(f => `${f.address} ${f.path}: ${f.message}`);

  test('each finding names the cluster, the attribute and what to set', () => {
    const publicDefault = (s: Construct) =>
      cluster(s, { vpcConfig: { subnetIds: ['subnet-0123'] }, accessConfig: {}, encryptionConfig: undefined });
    expect(said('eks-private-endpoint', publicDefault)).toEqual([
      `${CLUSTER} vpc_config[0].endpoint_private_access: set endpoint_private_access = true`,
    ]);
    expect(said('eks-public-endpoint', publicDefault)).toEqual([
      `${CLUSTER} vpc_config[0].endpoint_public_access: ` +
        'set endpoint_public_access = false (reach the API through the VPC, a VPN or SSM)',
    ]);
    expect(said('eks-public-access-cidrs', publicDefault)).toEqual([
      `${CLUSTER} vpc_config[0].public_access_cidrs: the public endpoint is open to 0.0.0.0/0 by default: ` +
        'list the office/CI CIDRs or set endpoint_public_access = false',
    ]);
    expect(said('eks-private-subnets', publicDefault)).toEqual([
      `${CLUSTER} vpc_config[0].subnet_ids: use the vpc layer's private_subnet_ids (or private subnets of this stack)`,
    ]);
    expect(said('eks-access-entries-only', publicDefault)).toEqual([
      `${CLUSTER} access_config[0].authentication_mode: ` +
        'set access_config { authentication_mode = "API" } (no aws-auth ConfigMap)',
    ]);
    expect(said('eks-no-creator-admin', publicDefault)).toEqual([
      `${CLUSTER} access_config[0].bootstrap_cluster_creator_admin_permissions: ` +
        'set bootstrap_cluster_creator_admin_permissions = false and grant admins explicit access entries',
    ]);
    expect(said('eks-secrets-encryption', publicDefault)).toEqual([
      `${CLUSTER} encryption_config[0].resources: set encryption_config { resources = ["secrets"] } with a KMS key`,
    ]);
    const externalKey = (s: Construct) =>
      cluster(s, { encryptionConfig: { resources: ['secrets'], provider: { keyArn: 'alias/aws/eks' } } });
    expect(said('eks-secrets-encryption', externalKey)).toEqual([
      `${CLUSTER} encryption_config[0].provider[0].key_arn: ` +
        'reference an aws_kms_key created in this stack (a CMK with rotation), not an external or AWS-managed key',
    ]);
  });

  test('eks-control-plane-logging names exactly the missing log types, in EKS spelling and case', () => {
    const logging = (types?: string[]) => (s: Construct) => cluster(s, { enabledClusterLogTypes: types });
    expect(said('eks-control-plane-logging', logging(['api', 'audit', 'authenticator', 'scheduler']))).toEqual([
      `${CLUSTER} enabled_cluster_log_types: add the missing log types controllerManager (all five are required)`,
    ]);
    expect(said('eks-control-plane-logging', logging(undefined))).toEqual([
      `${CLUSTER} enabled_cluster_log_types: ` +
        'add the missing log types api, audit, authenticator, controllerManager, scheduler ' +
        '(all five are required)',
    ]);
    // EKS spells the type controllerManager; a lower-cased one is another string
    expect(
      said('eks-control-plane-logging', logging(['api', 'audit', 'authenticator', 'controllermanager', 'scheduler'])),
    ).toHaveLength(1);
  });

  test('eks-supported-version quotes the version and lists the lifecycle table', () => {
    const versions = KUBERNETES_VERSIONS.map(v => v.version);
    for (const version of versions) expect(run('eks-supported-version', s => cluster(s, { version }))).toEqual([]);
    expect(said('eks-supported-version', s => cluster(s, { version: '1.28' }))).toEqual([
      `${CLUSTER} version: version "1.28" is not in environments/kubernetes-versions.ts: pin one of ${versions.join(
        ', ',
      )}`,
    ]);
    expect(versions.join(', ')).toMatch(/^1\.29, 1\.30, .*, 1\.36$/);
  });

  test('eks-secrets-encryption: a stack key passes only when secrets are among the encrypted resources', () => {
    const resources = (list: string[]) => (s: Construct) => {
      const key = kmsKey(s, 'eks-key');
      cluster(s, { encryptionConfig: { resources: list, provider: { keyArn: key.arn } } });
    };
    expect(run('eks-secrets-encryption', resources(['secrets']))).toEqual([]);
    expect(run('eks-secrets-encryption', resources(['configmaps'])).map(f => f.path)).toEqual([
      'encryption_config[0].resources',
    ]);
  });

  test('eks-public-access-cidrs: a private-only endpoint is not judged; every offending CIDR is named', () => {
    const privateWorld = (s: Construct) =>
      cluster(s, { vpcConfig: { ...PRIVATE_ONLY(s), publicAccessCidrs: ['0.0.0.0/0'] } });
    expect(run('eks-public-access-cidrs', privateWorld)).toEqual([]);
    const wide = (s: Construct) =>
      cluster(s, {
        vpcConfig: {
          subnetIds: privateSubnetIds(s),
          endpointPublicAccess: true,
          publicAccessCidrs: ['10.0.0.0/8', '10.1.0.0/16', '203.0.113.0/24'],
        },
      });
    expect(said('eks-public-access-cidrs', wide)).toEqual([
      `${CLUSTER} vpc_config[0].public_access_cidrs: ` +
        '10.0.0.0/8, 10.1.0.0/16 wider than /24: narrow the public endpoint CIDRs',
    ]);
    expect(said('eks-public-access-cidrs', wide, { settings: { minPublicCidrPrefix: 16 } })).toEqual([
      `${CLUSTER} vpc_config[0].public_access_cidrs: 10.0.0.0/8 wider than /16: narrow the public endpoint CIDRs`,
    ]);
    const worldAndWide = (s: Construct) =>
      cluster(s, {
        vpcConfig: {
          subnetIds: privateSubnetIds(s),
          endpointPublicAccess: true,
          publicAccessCidrs: ['0.0.0.0/0', '::/0', '10.0.0.0/8'],
        },
      });
    expect(said('eks-public-access-cidrs', worldAndWide)).toEqual([
      `${CLUSTER} vpc_config[0].public_access_cidrs: ` +
        '0.0.0.0/0, ::/0 opens the API endpoint to the internet: list the office/CI CIDRs instead',
    ]);
  });
});

describe('log-group-hardening: the key policy and what the findings say', () => {
  test('a statement naming CloudWatch Logs among other services admits it; an account principal does not', () => {
    const keyWith = (principal: Record<string, unknown>) => (s: Construct) => {
      const key = new KmsKey(s, 'key', {
        enableKeyRotation: true,
        policy: policyJson([{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }]),
      });
      new CloudwatchLogGroup(s, 'group', { name: '/x', retentionInDays: 30, kmsKeyId: key.arn });
    };
    expect(
      run('log-group-hardening', keyWith({ Service: ['delivery.logs.amazonaws.com', 'logs.us-east-1.amazonaws.com'] })),
    ).toEqual([]);
    expect(run('log-group-hardening', keyWith({ AWS: 'arn:aws:iam::123456789012:root' }))).toHaveLength(1);
    expect(run('log-group-hardening', keyWith({ Service: 'delivery.logs.amazonaws.com' }))).toHaveLength(1);
  });

  test('a missing key and a missing retention each name their fix', () => {
    const found = run('log-group-hardening', s => {
      new CloudwatchLogGroup(s, 'bare', { name: '/x' });
    });
    expect(found.map(f => f.message)).toEqual([
      'set kms_key_id to a CMK whose policy allows logs.<region>.amazonaws.com',
      'set retention_in_days (absent means never expire)',
    ]);
    const [refused] = run('log-group-hardening', s => {
      new CloudwatchLogGroup(s, 'group', {
        name: '/x',
        retentionInDays: 30,
        kmsKeyId: kmsKey(s, 'no-logs', false).arn,
      });
    });
    expect(refused.message).toBe(
      'the key policy must allow Service logs.<region>.amazonaws.com (kms:Encrypt*, Decrypt*, ' +
        'GenerateDataKey*, Describe*)',
    );
  });
});
