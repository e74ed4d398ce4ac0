import { AnnotationMetadataEntryType } from 'cdktf';
import { ENVIRONMENTS, platform } from '../environments';
import { validateAll } from '../environments/validate';
import {
  ACCESS_POLICIES,
  accessPolicyArn,
  ADMIN_VIEW_POLICY,
  grantId,
  validateClusterAccessGrants,
} from '../modules/cluster/access-entries';
import { controlPlaneLogGroupName } from '../modules/cluster/eks-cluster';
import { EKS_CONTRACT } from '../modules/contracts';
import { ciRoleNames, roleArn } from '../modules/naming';
import { clusterAccessGrants } from '../modules/stacks/eks-stack';
import { buildTestPlatform, ENV_NAMES, onlyResource, realStack, TEST_DATE, withEnv } from './helpers';
import { list, parseJsonField, policyStatements, resolve } from './tf-json';
import { joinedRegExp } from './regexp';

/** A statement of a KMS key policy, and the cluster's encryption_config block, as these tests read them. */
type KeyStatement = {
  Principal: '*' | { Service?: string; AWS?: string };
  Condition: { ArnEquals: Record<string, string[]> };
};
type EncryptionConfig = { resources: string[]; provider: { key_arn: string } };

const envOf = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const ADMIN = accessPolicyArn(ACCESS_POLICIES.admin, 'aws');
const VIEW = accessPolicyArn(ACCESS_POLICIES.view, 'aws');

describe.each(ENV_NAMES)('%s-eks control plane', name => {
  const env = envOf(name);
  const stack = () => realStack(`${name}-eks`);
  const cluster = () => onlyResource(stack(), 'aws_eks_cluster');

  test('is the environment cluster at the environment version, authenticated by access entries only', () => {
    expect(cluster()).toMatchObject({
      name: env.cluster.name,
      version: env.cluster.kubernetesVersion,
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
    });
  });

  test('has a private and a public endpoint, open to the configured CIDRs, in the private subnets', () => {
    expect(cluster().vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: [...env.cluster.publicAccessCidrs],
      subnet_ids: '${data.terraform_remote_state.vpc-state.outputs.private_subnet_ids}',
    });
  });

  test('sends all five log types to a pre-created log group with retention and a KMS key', () => {
    const c = cluster();
    expect(c.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const group = onlyResource(stack(), 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({
      name: `/aws/eks/${env.cluster.name}/cluster`,
      retention_in_days: env.cluster.logRetentionDays,
    });
    expect(resolve(stack(), group.kms_key_id).enable_key_rotation).toBe(true);
    const groupAddress = `aws_cloudwatch_log_group.${Object.keys(stack().resource!.aws_cloudwatch_log_group)[0]}`;
    expect(c.depends_on).toContain(groupAddress);
  });

  test('lets CloudWatch Logs of the region use the key for the control-plane log group only', () => {
    const key = onlyResource(stack(), 'aws_kms_key');
    const statements = parseJsonField(key, 'policy').Statement as KeyStatement[];
    const logs = statements.find(
      s => s.Principal !== '*' && s.Principal.Service === `logs.${platform.aws.region}.amazonaws.com`,
    );
    expect(logs?.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).toEqual([
      `arn:aws:logs:${platform.aws.region}:${platform.aws.accountId}:log-group:` +
        controlPlaneLogGroupName(env.cluster.name),
    ]);
    expect(statements.every(s => s.Principal !== '*' && s.Principal.AWS !== '*')).toBe(true);
  });

  test('encrypts secrets with a rotating customer-managed key', () => {
    const encryption = cluster().encryption_config as EncryptionConfig;
    expect(encryption.resources).toEqual(['secrets']);
    const key = resolve(stack(), encryption.provider.key_arn);
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  test('runs as a cluster role trusted by EKS with the cluster policy and use of its key only', () => {
    const s = stack();
    const role = resolve(s, cluster().role_arn);
    expect(role.name).toBe(`${env.cluster.name}-cluster`);
    const [trust] = policyStatements(s, role.assume_role_policy);
    expect(trust.Principal).toEqual({ Service: ['eks.amazonaws.com'] });
    const attached = list(s, 'aws_iam_role_policy_attachment').filter(a => String(a.role).includes('cluster-role'));
    expect(attached.map(a => a.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
    const [useKey] = policyStatements(s, onlyResource(s, 'aws_iam_role_policy').policy);
    expect(useKey.Resource).toEqual([(cluster().encryption_config as EncryptionConfig).provider.key_arn]);
    expect(useKey.Action).not.toContain('kms:*');
  });

  test('installs no unmanaged default add-ons (the managed ones replace them)', () => {
    expect(cluster().bootstrap_self_managed_addons).toBe(false);
  });
});

describe.each(ENV_NAMES)('%s-eks access entries', name => {
  const env = envOf(name);
  const stack = () => realStack(`${name}-eks`);
  const ci = ciRoleNames(platform, name);
  const associations = () => list(stack(), 'aws_eks_access_policy_association');
  const principalOf = (a: Record<string, unknown>) => resolve(stack(), a.principal_arn).principal_arn as string;

  test('give each configured admin and the CI apply role cluster admin, cluster-wide', () => {
    const admins = associations().filter(a => a.policy_arn === ADMIN);
    expect(admins.map(principalOf).sort()).toEqual(
      [...env.cluster.adminPrincipalArns, roleArn(platform, ci.apply)].sort(),
    );
    for (const a of admins) expect(a.access_scope).toEqual({ type: 'cluster' });
  });

  test('give the CI plan role view access, and Secrets only in the add-on release namespaces (Helm state)', () => {
    const plan = associations().filter(a => principalOf(a) === roleArn(platform, ci.plan));
    expect(plan).toHaveLength(2);
    expect(plan).toContainEqual(expect.objectContaining({ policy_arn: VIEW, access_scope: { type: 'cluster' } }));
    expect(plan).toContainEqual(
      expect.objectContaining({
        policy_arn: accessPolicyArn(ADMIN_VIEW_POLICY, 'aws'),
        access_scope: {
          type: 'namespace',
          // Helm-state-only namespaces, and the two controllers whose charts keep their state with their objects
          namespaces: [
            'addon-releases',
            'argocd-releases',
            'monitoring-releases',
            'karpenter',
            'aws-load-balancer-controller',
          ],
        },
      }),
    );
  });

  test('grant admin to no one else and exist only for these principals', () => {
    const entries = list(stack(), 'aws_eks_access_entry');
    const expected = [...env.cluster.adminPrincipalArns, roleArn(platform, ci.apply), roleArn(platform, ci.plan)];
    expect(entries.map(e => e.principal_arn).sort()).toEqual(expected.sort());
    expect(entries.every(e => e.type === 'STANDARD')).toBe(true);
    expect(associations()).toHaveLength(expected.length + 1); // + the plan role's namespace-scoped Secrets read
    const adminLike = associations().filter(a => String(a.policy_arn).includes('Admin'));
    expect(
      adminLike
        .filter(a => a.policy_arn !== ADMIN)
        .map(a => [principalOf(a), a.policy_arn, (a.access_scope as { type: string }).type]),
    ).toEqual([[roleArn(platform, ci.plan), accessPolicyArn(ADMIN_VIEW_POLICY, 'aws'), 'namespace']]);
  });
});

describe('access grants', () => {
  test('the construct id comes from the principal: stable when the list is reordered', () => {
    expect(grantId('arn:aws:iam::123456789012:role/platform-admin')).toBe('role-platform-admin');
    expect(grantId('arn:aws:iam::123456789012:role/team/path/ops.admin')).toBe('role-ops-admin');
    expect(grantId('arn:aws:iam::123456789012:user/alice')).toBe('user-alice');
  });

  test('fails on an ARN that is not an IAM role or user', () => {
    expect(() => grantId('arn:aws:iam::123456789012:group/admins')).toThrow(
      'principalArn must be an IAM role or user ARN, got "arn:aws:iam::123456789012:group/admins"',
    );
  });

  test('fails when a principal is granted twice (EKS would answer 409)', () => {
    const dup = withEnv(envOf('dev'), e => {
      e.cluster.adminPrincipalArns.push(roleArn(platform, ciRoleNames(platform, 'dev').apply));
    });
    expect(() => validateClusterAccessGrants(clusterAccessGrants(platform, dup))).toThrow(
      /principalArn "arn:aws:iam::123456789012:role\/myapp-ci-apply-dev" is granted twice/,
    );
    expect(() => buildTestPlatform([dup])).toThrow(/is granted twice/);
  });
});

describe('the Kubernetes lifecycle table at synth', () => {
  test('fails synth for a version past the end of extended support, naming the version and the date', () => {
    const env = withEnv(envOf('dev'), e => {
      e.cluster.kubernetesVersion = '1.30';
    });
    expect(() => buildTestPlatform([env])).toThrow(
      /kubernetesVersion is "1\.30": EKS extended support for 1\.30 ended on 2026-07-23/,
    );
  });

  test('warns on the eks stack for a version in extended support', () => {
    const env = withEnv(envOf('prod'), e => {
      e.cluster.kubernetesVersion = '1.33';
    });
    const app = buildTestPlatform([env]);
    const warnings = app.environments.prod.eks.node.metadata
      .filter(m => m.type === AnnotationMetadataEntryType.WARN)
      .map(m => m.data);
    expect(warnings).toEqual([
      'prod.cluster.kubernetesVersion 1.33 left standard support on 2026-07-29: extended support costs extra and ' +
        'ends on 2027-07-29',
    ]);
    expect(app.environments.prod.vpc.node.metadata.filter(m => m.type === AnnotationMetadataEntryType.WARN)).toEqual(
      [],
    );
  });

  test('the real environments build without a version warning (dev only warns that it serves plain HTTP)', () => {
    const app = buildTestPlatform();
    for (const name of ENV_NAMES) {
      const warnings = app.environments[name].eks.node.metadata
        .filter(m => m.type === AnnotationMetadataEntryType.WARN)
        .map(m => m.data);
      expect(warnings).toEqual(name === 'dev' ? [expect.stringMatching(/^dev\.ingress\.domain is not set/)] : []);
    }
  });

  test('fails validation for a supported version with no pinned add-on versions', () => {
    const env = withEnv(envOf('dev'), e => {
      e.cluster.kubernetesVersion = '1.32';
    });
    expect(() => validateAll(platform, [env], { today: TEST_DATE })).toThrow(
      joinedRegExp(
        /dev\.cluster\.kubernetesVersion is "1\.32": no managed add-on versions are pinned for it in /,
        /modules\/cluster\/addon-versions\.ts \(pinned: .*1\.35, 1\.36\)/,
      ),
    );
  });
});

describe.each(ENV_NAMES)('%s-eks contract', name => {
  test('publishes every field of the eks contract', () => {
    const outputs = realStack(`${name}-eks`).output ?? {};
    expect(Object.keys(outputs).sort()).toEqual([...EKS_CONTRACT.outputNames].sort());
  });

  test('passes the node security group, the Pod Identity agent version and the KMS key from their resources', () => {
    const outputs = realStack(`${name}-eks`).output as Record<string, { value: string }>;
    expect(outputs.node_security_group_id.value).toMatch(/^\$\{aws_security_group\.security-groups_nodes_\w+\.id\}$/);
    expect(outputs.pod_identity_agent_version.value).toMatch(
      /^\$\{aws_eks_addon\.[\w-]*eks-pod-identity-agent[\w-]*\.addon_version\}$/,
    );
    expect(outputs.kms_key_arn.value).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    expect(outputs.cluster_security_group_id.value).toMatch(/vpc_config\[0\]\.cluster_security_group_id/);
    expect(outputs.private_subnet_ids.value).toBe(
      '${data.terraform_remote_state.vpc-state.outputs.private_subnet_ids}',
    );
  });
});
