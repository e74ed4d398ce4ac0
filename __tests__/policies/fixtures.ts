import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { EksCluster, EksClusterConfig } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup, EksNodeGroupConfig } from '@cdktf/provider-aws/lib/eks-node-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate, LaunchTemplateConfig } from '@cdktf/provider-aws/lib/launch-template';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import {
  S3BucketPublicAccessBlock,
  S3BucketPublicAccessBlockConfig,
} from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import * as bucketEncryption from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { DataTerraformRemoteStateS3 } from 'cdktf';
import type { Construct } from 'constructs';

/** Compliant building blocks: each test weakens one attribute and expects exactly that finding. */

export const ACCOUNT = '123456789012';

export function trustJson(service: string, actions: string[] = ['sts:AssumeRole']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }],
  });
}

export function policyJson(statements: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function kmsKey(scope: Construct, id = 'key', allowLogs = true): KmsKey {
  const statements = [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'kms:*', Resource: '*' },
    ...(allowLogs
      ? [
          {
            Effect: 'Allow',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'],
            Resource: '*',
          },
        ]
      : []),
  ];
  return new KmsKey(scope, id, { description: 'test key', enableKeyRotation: true, policy: policyJson(statements) });
}

export function privateSubnetIds(scope: Construct): string[] {
  const existing = scope.node.tryFindChild('vpc-state') as DataTerraformRemoteStateS3 | undefined;
  const state =
    existing ??
    new DataTerraformRemoteStateS3(scope, 'vpc-state', {
      bucket: 'b',
      key: 'dev/vpc/terraform.tfstate',
      region: 'us-east-1',
    });
  return state.getList('private_subnet_ids');
}

/** A cluster that passes every cluster rule: `aws_eks_cluster.cluster`. */
export function cluster(scope: Construct, overrides: Partial<EksClusterConfig> = {}): EksCluster {
  const key = kmsKey(scope);
  new CloudwatchLogGroup(scope, 'log-group', { name: '/aws/eks/test/cluster', retentionInDays: 90, kmsKeyId: key.arn });
  const role = new IamRole(scope, 'cluster-role', {
    name: 'cluster',
    assumeRolePolicy: trustJson('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
  });
  return new EksCluster(scope, 'cluster', {
    name: 'test',
    version: '1.35',
    roleArn: role.arn,
    accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
    vpcConfig: { subnetIds: privateSubnetIds(scope), endpointPrivateAccess: true, endpointPublicAccess: false },
    enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.arn } },
    ...overrides,
  });
}

export function nodeRole(
  scope: Construct,
  policies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'],
): IamRole {
  const role = new IamRole(scope, 'node-role', { name: 'nodes', assumeRolePolicy: trustJson('ec2.amazonaws.com') });
  for (const p of policies)
    new IamRolePolicyAttachment(scope, `node-${p}`, { role: role.name, policyArn: `arn:aws:iam::aws:policy/${p}` });
  return role;
}

/** A launch template that passes every launch-template rule: `aws_launch_template.lt`. */
export function launchTemplate(scope: Construct, overrides: Partial<LaunchTemplateConfig> = {}): LaunchTemplate {
  return new LaunchTemplate(scope, 'lt', {
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, volumeType: 'gp3', encrypted: 'true' } }],
    ...overrides,
  });
}

/** A managed node group on private subnets with a compliant launch template: `aws_eks_node_group.ng`. */
export function nodeGroup(scope: Construct, overrides: Partial<EksNodeGroupConfig> = {}): EksNodeGroup {
  const role = nodeRole(scope);
  const lt = launchTemplate(scope);
  return new EksNodeGroup(scope, 'ng', {
    clusterName: 'test',
    nodeRoleArn: role.arn,
    subnetIds: privateSubnetIds(scope),
    scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 3 },
    launchTemplate: { id: lt.id, version: lt.latestVersion.toString() },
    ...overrides,
  });
}

/** A VPC with flow logs and a locked default SG: `aws_vpc.vpc`. */
export function vpc(scope: Construct, options: { flowLog?: boolean; defaultSg?: boolean } = {}): Vpc {
  const v = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
  if (options.flowLog ?? true)
    new FlowLog(scope, 'flow-log', {
      vpcId: v.id,
      trafficType: 'ALL',
      logDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:x',
    });
  if (options.defaultSg ?? true) new DefaultSecurityGroup(scope, 'default-sg', { vpcId: v.id });
  return v;
}

export interface BucketOptions {
  readonly pab?: Partial<S3BucketPublicAccessBlockConfig> | false;
  readonly ownership?: string | false;
  readonly sse?: 'cmk' | 'AES256' | false;
  readonly versioning?: 'Enabled' | 'Suspended' | false;
  readonly tlsDeny?: boolean;
}

/**
 * A bucket with every companion resource (PAB, ownership, SSE-KMS CMK, versioning, TLS-only policy):
 * `aws_s3_bucket.bucket`.
 */
export function bucket(scope: Construct, options: BucketOptions = {}): S3Bucket {
  const b = new S3Bucket(scope, 'bucket', { bucket: 'test-bucket' });
  if (options.pab !== false) {
    new S3BucketPublicAccessBlock(scope, 'pab', {
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      ...(options.pab ?? {}),
    });
  }
  if (options.ownership !== false)
    new S3BucketOwnershipControls(scope, 'ownership', {
      bucket: b.id,
      rule: { objectOwnership: options.ownership ?? 'BucketOwnerEnforced' },
    });
  if (options.sse !== false) {
    const byDefault =
      (options.sse ?? 'cmk') === 'cmk'
        ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKey(scope, 'bucket-key').arn }
        : { sseAlgorithm: 'AES256' };
    new bucketEncryption.S3BucketServerSideEncryptionConfigurationA(scope, 'sse', {
      bucket: b.id,
      rule: [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: true }],
    });
  }
  if (options.versioning !== false)
    new S3BucketVersioningA(scope, 'versioning', {
      bucket: b.id,
      versioningConfiguration: { status: options.versioning ?? 'Enabled' },
    });
  if (options.tlsDeny ?? true) {
    const doc = new DataAwsIamPolicyDocument(scope, 'tls-only', {
      statement: [
        {
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [b.arn, `${b.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new S3BucketPolicy(scope, 'policy', { bucket: b.id, policy: doc.json });
  }
  return b;
}
