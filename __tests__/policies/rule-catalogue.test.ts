import { ENVIRONMENTS, platform } from '../../environments';
import { policyInputs } from '../../modules/analysis/policy-inputs';
import { evaluate } from '../../modules/policies/engine';
import { RULES } from '../../modules/policies/rules';
import type { PolicyRule, Priority } from '../../modules/policies/types';
import { realModel } from '../real-platform';

/**
 * The catalogue of the policy rules, written out here and not read from the rules: a rule downgraded from P0 (blocks
 * synth) to P1 (a warning), a renamed id (the suppression key), a lost scanner mapping or a resource type it no
 * longer judges (or newly judges) on the shipped platform fails this test. Priorities follow SECURITY-RULES Part D;
 * `ids` are the scanner and benchmark ids the rule stands for (checkov CKV_*, trivy AVD-*, CIS, FSBP, BPG = EKS best
 * practices guide).
 */
interface CatalogueEntry {
  readonly priority: Priority;
  readonly ids: readonly string[];
  /**
   * Resource types (`kind:<Kind>` for rendered objects) the rule returns a verdict for on the shipped platform (dev,
   * prod, shared, state backend): none where it is not applicable there.
   */
  readonly judges: readonly string[];
}

/** The resource types of the shipped platform that carry an IAM document, which the IAM-reading rules judge. */
const POLICY_DOCUMENT_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_role',
  'aws_s3_bucket_policy',
  'aws_sqs_queue_policy',
  'aws_kms_key',
];

const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  'cluster-secret-store': {
    priority: 'P1',
    ids: ['CIS-4.4.2', 'BPG-external-secrets'],
    judges: ['kind:ClusterSecretStore'],
  },
  'cni-off-node-role': {
    priority: 'P1',
    ids: ['BPG-aws-node-irsa'],
    judges: ['aws_iam_role_policy_attachment', 'aws_eks_addon'],
  },
  'dynamodb-cmk': { priority: 'P0', ids: ['CKV_AWS_119', 'AVD-AWS-0025'], judges: ['aws_dynamodb_table'] },
  'dynamodb-pitr': { priority: 'P0', ids: ['CKV_AWS_28', 'AVD-AWS-0024'], judges: ['aws_dynamodb_table'] },
  'ecr-immutable-tags': { priority: 'P0', ids: ['CKV_AWS_51', 'AVD-AWS-0031'], judges: ['aws_ecr_repository'] },
  'ecr-kms-cmk': { priority: 'P0', ids: ['CKV_AWS_136', 'AVD-AWS-0033'], judges: ['aws_ecr_repository'] },
  'ecr-lifecycle-policy': { priority: 'P0', ids: ['BPG-ecr-lifecycle'], judges: ['aws_ecr_repository'] },
  'ecr-scan-on-push': {
    priority: 'P0',
    ids: ['CKV_AWS_163', 'AVD-AWS-0030', 'CIS-5.1.1'],
    judges: ['aws_ecr_repository'],
  },
  'edge-listener-tls': {
    priority: 'P0',
    ids: ['CKV_AWS_2', 'CKV_AWS_103', 'AVD-AWS-0054'],
    judges: ['kind:Ingress'],
  },
  'eks-access-entries-only': { priority: 'P0', ids: ['CIS-4.1.7'], judges: ['aws_eks_cluster'] },
  'eks-admin-access-allowlisted': {
    priority: 'P1',
    ids: ['CIS-4.1.1', 'BPG-access-entries'],
    judges: ['aws_eks_access_policy_association', 'aws_eks_access_entry'],
  },
  'eks-control-plane-logging': {
    priority: 'P0',
    ids: ['CKV_AWS_37', 'AVD-AWS-0038', 'CIS-2.1.1'],
    judges: ['aws_eks_cluster'],
  },
  'eks-log-group': { priority: 'P1', ids: ['CKV_AWS_158', 'CKV_AWS_66', 'AVD-AWS-0017'], judges: ['aws_eks_cluster'] },
  'eks-no-creator-admin': { priority: 'P1', ids: ['BPG-creator-admin'], judges: ['aws_eks_cluster'] },
  'eks-private-endpoint': { priority: 'P0', ids: ['CIS-5.4.1'], judges: ['aws_eks_cluster'] },
  'eks-private-subnets': { priority: 'P1', ids: ['CIS-5.4.3'], judges: ['aws_eks_cluster'] },
  'eks-public-access-cidrs': { priority: 'P0', ids: ['CKV_AWS_38', 'CIS-5.4.1'], judges: ['aws_eks_cluster'] },
  'eks-public-endpoint': {
    priority: 'P1',
    ids: ['CKV_AWS_39', 'AVD-AWS-0040', 'AVD-AWS-0041', 'CIS-5.4.2'],
    judges: ['aws_eks_cluster'],
  },
  'eks-secrets-encryption': {
    priority: 'P0',
    ids: ['CKV_AWS_58', 'AVD-AWS-0039', 'CIS-5.3.1'],
    judges: ['aws_eks_cluster'],
  },
  'eks-supported-version': { priority: 'P1', ids: ['CKV_AWS_339'], judges: ['aws_eks_cluster'] },
  'eso-secret-scoping': {
    priority: 'P0',
    ids: ['ESO-PREFIX', 'AVD-AWS-0057'],
    judges: ['aws_iam_role_policy'],
  },
  'eventbridge-interruption-targets': {
    priority: 'P1',
    ids: ['BPG-karpenter-interruption'],
    judges: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
  },
  'external-dns-one-zone': {
    priority: 'P0',
    ids: ['BPG-external-dns', 'AVD-AWS-0057'],
    judges: ['helm_release', 'aws_iam_role_policy'],
  },
  'external-secret-keys': { priority: 'P1', ids: ['ESO-PREFIX'], judges: ['kind:ExternalSecret'] },
  'gateway-allowed-routes': { priority: 'P0', ids: ['BPG-gateway-api', 'CIS-5.7.1'], judges: [] },
  'helm-chart-settings': { priority: 'P1', ids: ['BPG-imds', 'BPG-pod-identity'], judges: ['helm_release'] },
  'helm-release-pinned': { priority: 'P1', ids: ['HELM-PINNED'], judges: ['helm_release'] },
  'helm-values-no-credentials': {
    priority: 'P1',
    ids: ['HELM-NO-CREDENTIALS', 'CKV_SECRET'],
    judges: ['helm_release'],
  },
  'iam-action-exists': {
    priority: 'P0',
    ids: ['IAM-ACTION-EXISTS'],
    judges: POLICY_DOCUMENT_TYPES,
  },
  'iam-no-admin-actions': {
    priority: 'P0',
    ids: [
      'CKV_AWS_62',
      'CKV_AWS_63',
      'CKV_AWS_1',
      'CKV_AWS_49',
      'CKV_AWS_274',
      'CKV_AWS_275',
      'CKV2_AWS_40',
      'CKV2_AWS_56',
      'AVD-AWS-0345',
    ],
    judges: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment', 'aws_iam_role'],
  },
  'iam-no-users': {
    priority: 'P2',
    ids: ['CKV_AWS_40', 'CKV_AWS_273', 'AVD-AWS-0143'],
    judges: [],
  },
  'iam-oidc-role-bounded': { priority: 'P0', ids: ['CI-BOUNDARY'], judges: ['aws_iam_role'] },
  'iam-oidc-trust-scoped': { priority: 'P0', ids: ['CKV_AWS_358'], judges: ['aws_iam_role'] },
  'iam-passrole-pinned': {
    priority: 'P1',
    ids: ['AVD-AWS-0342', 'CKV_AWS_286'],
    judges: ['aws_iam_policy', 'aws_iam_role_policy'],
  },
  'iam-resource-wildcard': {
    priority: 'P0',
    ids: ['CKV_AWS_355', 'CKV_AWS_356', 'CKV_AWS_286', 'CKV_AWS_287', 'CKV_AWS_288', 'CKV_AWS_289', 'CKV_AWS_290'],
    judges: ['aws_iam_policy', 'aws_iam_role_policy'],
  },
  'iam-trust-not-open': { priority: 'P1', ids: ['CKV_AWS_60', 'CKV_AWS_61'], judges: ['aws_iam_role'] },
  'karpenter-node-class': {
    priority: 'P1',
    ids: ['BPG-imds', 'BPG-encrypt-data-at-rest', 'CIS-5.4.3'],
    judges: ['kind:EC2NodeClass'],
  },
  'kms-key-hardening': {
    priority: 'P1',
    ids: ['CKV_AWS_7', 'AVD-AWS-0065', 'CKV2_AWS_64', 'CKV_AWS_227'],
    judges: ['aws_kms_key'],
  },
  'launch-template-encrypted-volumes': {
    priority: 'P0',
    ids: ['BPG-encrypt-data-at-rest'],
    judges: ['aws_launch_template'],
  },
  'launch-template-hop-limit': { priority: 'P0', ids: ['CKV_AWS_341'], judges: ['aws_launch_template'] },
  'launch-template-imdsv2': { priority: 'P0', ids: ['CKV_AWS_79', 'AVD-AWS-0130'], judges: ['aws_launch_template'] },
  'launch-template-user-data-secrets': {
    priority: 'P1',
    ids: ['CKV_AWS_46', 'AVD-AWS-0129'],
    judges: ['aws_launch_template'],
  },
  'log-group-hardening': {
    priority: 'P1',
    ids: ['CKV_AWS_158', 'CKV_AWS_66', 'AVD-AWS-0017'],
    judges: ['aws_cloudwatch_log_group'],
  },
  'node-group-launch-template': {
    priority: 'P0',
    ids: ['CIS-5.4.3', 'BPG-launch-template'],
    judges: ['aws_eks_node_group'],
  },
  'node-no-ssh': {
    priority: 'P0',
    ids: ['CKV_AWS_100', 'BPG-minimize-node-access'],
    judges: ['aws_eks_node_group', 'aws_launch_template'],
  },
  'node-role-least-privilege': {
    priority: 'P0',
    ids: ['CIS-5.1.3', 'BPG-least-privilege'],
    judges: ['aws_iam_role'],
  },
  'nodes-private': {
    priority: 'P0',
    ids: ['CIS-5.4.3', 'CKV_AWS_88'],
    judges: ['aws_eks_node_group', 'aws_launch_template'],
  },
  'pod-identity-trust': {
    priority: 'P1',
    ids: ['CIS-5.2.1', 'BPG-pod-identity'],
    judges: ['aws_iam_role'],
  },
  'policy-document-readable': {
    priority: 'P0',
    ids: ['POLICY-READABLE'],
    judges: POLICY_DOCUMENT_TYPES,
  },
  'resource-policy-not-public': {
    priority: 'P0',
    ids: ['CKV_AWS_70', 'CKV_AWS_168', 'CKV_AWS_387', 'CKV_AWS_33', 'CKV_AWS_32', 'AVD-AWS-0032', 'CIS-5.1.2'],
    judges: ['aws_s3_bucket_policy', 'aws_sqs_queue_policy', 'aws_kms_key'],
  },
  's3-bucket-cmk': {
    priority: 'P0',
    ids: ['CKV_AWS_145', 'AVD-AWS-0132', 'CKV_AWS_19'],
    judges: ['aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration'],
  },
  's3-bucket-versioning': { priority: 'P0', ids: ['CKV_AWS_21', 'AVD-AWS-0090'], judges: ['aws_s3_bucket'] },
  's3-public-access-block': {
    priority: 'P0',
    ids: [
      'CKV2_AWS_6',
      'CKV_AWS_53',
      'CKV_AWS_54',
      'CKV_AWS_55',
      'CKV_AWS_56',
      'AVD-AWS-0086',
      'AVD-AWS-0087',
      'AVD-AWS-0091',
      'AVD-AWS-0093',
      'AVD-AWS-0094',
      'CKV2_AWS_65',
    ],
    judges: ['aws_s3_bucket', 'aws_s3_bucket_public_access_block'],
  },
  's3-tls-only': { priority: 'P0', ids: ['FSBP-S3.5', 'CIS-AWS-2.1.1', 'CKV_AWS_379'], judges: ['aws_s3_bucket'] },
  'secrets-manager-cmk': {
    priority: 'P1',
    ids: ['CKV_AWS_149', 'AVD-AWS-0098'],
    judges: ['aws_secretsmanager_secret'],
  },
  'secrets-manager-no-literal': {
    priority: 'P1',
    ids: ['CKV_SECRET', 'CKV_AWS_149'],
    judges: [],
  },
  'secrets-manager-rotation': {
    priority: 'P1',
    ids: ['CKV2_AWS_57', 'CKV_AWS_304'],
    judges: ['aws_secretsmanager_secret'],
  },
  'sg-attached': { priority: 'P2', ids: ['CKV2_AWS_5'], judges: ['aws_security_group'] },
  'sg-descriptions': {
    priority: 'P1',
    ids: ['CKV_AWS_23', 'AVD-AWS-0099', 'AVD-AWS-0124'],
    judges: ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  },
  'sg-no-world-ingress': {
    priority: 'P0',
    ids: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277', 'AVD-AWS-0107'],
    judges: ['aws_vpc_security_group_ingress_rule'],
  },
  'sg-world-egress': {
    priority: 'P1',
    ids: ['AVD-AWS-0104', 'CKV_AWS_382'],
    judges: ['aws_vpc_security_group_egress_rule'],
  },
  'sqs-encryption': {
    priority: 'P0',
    ids: ['CKV_AWS_27', 'AVD-AWS-0096', 'AVD-AWS-0135', 'CKV2_AWS_73'],
    judges: ['aws_sqs_queue'],
  },
  'sqs-queue-policy': {
    priority: 'P0',
    ids: ['CKV_AWS_72', 'AVD-AWS-0097', 'CKV_AWS_168'],
    judges: ['aws_sqs_queue_policy'],
  },
  'subnet-no-public-ip': { priority: 'P1', ids: ['CKV_AWS_130', 'AVD-AWS-0164'], judges: ['aws_subnet'] },
  'vpc-cni-network-policy': { priority: 'P1', ids: ['CIS-5.4.4', 'CIS-4.3.1'], judges: ['aws_eks_addon'] },
  'vpc-default-sg-locked': {
    priority: 'P0',
    ids: ['CKV2_AWS_12', 'AVD-AWS-0173'],
    judges: ['aws_vpc', 'aws_default_security_group'],
  },
  'vpc-flow-logs': { priority: 'P0', ids: ['CKV2_AWS_11', 'AVD-AWS-0178'], judges: ['aws_vpc'] },
  'vpc-no-default-or-nat-instance': {
    priority: 'P2',
    ids: ['CKV_AWS_148', 'AVD-AWS-0101', 'CKV2_AWS_35', 'CKV2_AWS_19'],
    judges: ['aws_route', 'aws_eip'],
  },
};

describe('the rule catalogue', () => {
  const registered = new Map(RULES.map(r => [r.name, r]));

  test('every registered rule is in the catalogue', () => {
    expect([...registered.keys()].filter(name => !(name in CATALOGUE))).toEqual([]);
  });

  test('every catalogue entry is a registered rule', () => {
    expect(Object.keys(CATALOGUE).filter(name => !registered.has(name))).toEqual([]);
    expect(registered.size).toBe(RULES.length);
  });

  /** The resource types `rule` returned a verdict for on the shipped platform (`kind:<Kind>` for an object). */
  const judgedTypes = (rule: PolicyRule): string[] => {
    const report = evaluate(policyInputs(realModel(), platform, ENVIRONMENTS), [rule]);
    const typeOf = (address: string): string => {
      const [first, second] = address.split('.');
      return /^[A-Z]/.test(first) ? `kind:${first}` : first === 'data' ? `data.${second}` : first;
    };
    return [...new Set(report.judged.map(j => typeOf(j.address)))].sort();
  };

  test.each(Object.entries(CATALOGUE))('%s has its priority, scanner ids and judged types', (name, entry) => {
    const rule = registered.get(name);
    expect(rule).toBeDefined();
    expect(rule!.priority).toBe(entry.priority);
    expect(rule!.ruleId.split('|')).toEqual(entry.ids);
    expect(judgedTypes(rule!)).toEqual([...entry.judges].sort());
  });
});

/**
 * The one-line requirement of each rule from launch-template-encrypted-volumes to vpc-no-default-or-nat-instance,
 * written out here: a rule whose description is lost or changed without this table changing fails.
 */
const DESCRIPTIONS_L_Z: Readonly<Record<string, string>> = {
  'launch-template-encrypted-volumes': 'Launch template EBS volumes are encrypted',
  'launch-template-hop-limit': 'Launch templates set the IMDS hop limit to 1',
  'launch-template-imdsv2': 'Launch templates require IMDSv2 tokens',
  'launch-template-user-data-secrets': 'Launch template user data holds no credentials',
  'log-group-hardening': 'CloudWatch log groups have a KMS key usable by CloudWatch Logs and a retention',
  'node-group-launch-template': 'Managed node groups use a launch template declared in the stack',
  'node-no-ssh': 'Nodes have no SSH access',
  'node-role-least-privilege': 'Node roles have only the worker, ECR pull and SSM managed policies',
  'nodes-private': 'Nodes run in private subnets without public IPs',
  'pod-identity-trust': 'Pod Identity roles trust only pods.eks.amazonaws.com and serve one service account',
  'policy-document-readable': 'Policy documents are literal JSON or aws_iam_policy_document data sources',
  'resource-policy-not-public': 'No resource policy allows Principal "*" without a Condition',
  's3-bucket-cmk': 'S3 buckets encrypt with SSE-KMS and a customer-managed key',
  's3-bucket-versioning': 'S3 buckets have versioning enabled',
  's3-public-access-block': 'S3 buckets block all public access and disable ACLs',
  's3-tls-only': 'S3 bucket policies deny non-TLS requests',
  'secrets-manager-cmk': 'Secrets Manager secrets use a customer-managed KMS key',
  'secrets-manager-no-literal': 'No literal secret_string or secret_binary in Terraform',
  'secrets-manager-rotation': 'Secrets Manager secrets rotate at least every 90 days',
  'sg-attached': 'Security groups are attached to a resource',
  'sg-descriptions': 'Security groups and their rules have descriptions',
  'sg-no-world-ingress': 'No security group ingress from 0.0.0.0/0 or ::/0',
  'sg-world-egress': 'Security group egress to 0.0.0.0/0 or ::/0 only where justified',
  'sqs-encryption': 'SQS queues are encrypted at rest',
  'sqs-queue-policy': 'SQS queue policies allow only service principals to send messages',
  'subnet-no-public-ip': 'Subnets do not map public IPs on launch',
  'vpc-cni-network-policy': 'The vpc-cni add-on enables network policy enforcement',
  'vpc-default-sg-locked': "Every VPC's default security group has no rules",
  'vpc-flow-logs': 'Every VPC has flow logs',
  'vpc-no-default-or-nat-instance': 'No default VPC, no NAT instance, no unattached EIP',
};

describe('the rule descriptions, launch-template-* to vpc-*', () => {
  test('every registered rule from l to z is in the table', () => {
    const lz = RULES.map(r => r.name).filter(name => /^[l-z]/.test(name));
    expect(lz.sort()).toEqual(Object.keys(DESCRIPTIONS_L_Z).sort());
  });

  test.each(Object.entries(DESCRIPTIONS_L_Z))('%s says what it requires', (name, description) => {
    expect(RULES.find(r => r.name === name)?.description).toBe(description);
  });
});

describe('the g-k rules: descriptions', () => {
  /**
   * The one-line summary each rule carries (the catalogue above pins the rest), written out, not read from the
   * rules.
   */
  const DESCRIPTIONS: Readonly<Record<string, string>> = {
    'gateway-allowed-routes': 'Gateway listeners accept routes only from selected namespaces (never from: All)',
    'helm-chart-settings':
      'Controller charts set what IMDS would otherwise supply and use their Pod Identity service account',
    'helm-release-pinned': 'Helm releases pin an exact version from an https/oci repository',
    'helm-values-no-credentials': 'Helm values hold no credentials',
    'iam-action-exists': 'Every IAM action exists in the AWS service reference',
    'iam-no-admin-actions': 'No Allow of *, service:* or NotAction; no AdministratorAccess/IAMFullAccess',
    'iam-no-users': 'No IAM users, user policies or access keys',
    'iam-oidc-role-bounded': 'Roles trusted by an OIDC provider carry a permissions boundary',
    'iam-oidc-trust-scoped': 'OIDC-federated trust pins aud and a repository-scoped sub',
    'iam-passrole-pinned': 'iam:PassRole only on node roles, only to ec2.amazonaws.com',
    'iam-resource-wildcard': 'Resource "*" only with a Condition or for actions that cannot be resource-scoped',
    'iam-trust-not-open': 'Trust policies name specific principals, never * or an account root',
    'karpenter-node-class': 'EC2NodeClasses require IMDSv2 (hop limit 1), encrypted volumes and private subnets',
    'kms-key-hardening': 'KMS keys rotate, have a key policy and are enabled',
  };

  test.each(Object.entries(DESCRIPTIONS))('%s says what it checks', (name, description) => {
    expect(RULES.find(r => r.name === name)?.description).toBe(description);
  });
});
