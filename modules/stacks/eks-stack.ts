import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { EksCluster } from '../cluster/eks-cluster';
import { EKS_CONTRACT, EksOutputs, VPC_CONTRACT } from '../contracts';
import { environmentRoleNames, stackId, statePath } from '../naming';
import { PlatformStack } from './platform-stack';

/** Properties for {@link EksStack}. */
export interface EksStackProps {
  readonly platform: PlatformConfig;
  readonly env: EnvironmentConfig;
}

/** The cluster layer of one environment: `<env>-eks`, state at `<env>/eks`; reads the vpc layer's state. */
export class EksStack extends PlatformStack {
  public readonly cluster: EksCluster;
  public readonly outputs: EksOutputs;

  constructor(scope: Construct, props: EksStackProps) {
    const { env, platform } = props;
    super(scope, stackId(env.name, 'eks'), {
      platform,
      environment: env.name,
      statePath: statePath(env.name, 'eks'),
      extraTags: env.tags,
    });
    const vpc = VPC_CONTRACT.read(this, platform, statePath(env.name, 'vpc'));
    this.cluster = new EksCluster(this, 'cluster', {
      name: env.cluster.name,
      kubernetesVersion: env.cluster.kubernetesVersion,
      vpcId: vpc.vpcId,
      privateSubnetIds: vpc.privateSubnetIds,
      publicAccessCidrs: env.cluster.publicAccessCidrs,
      logRetentionDays: env.cluster.logRetentionDays,
      clusterRoleName: environmentRoleNames(env).cluster,
      podIdentityAgentVersion: 'v1.3.8-eksbuild.2',
    });
    const cluster = this.cluster.cluster;
    this.outputs = {
      clusterName: cluster.name,
      clusterArn: cluster.arn,
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      clusterSecurityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
      nodeSecurityGroupId: this.cluster.nodeSecurityGroup.id,
      podIdentityAgentVersion: this.cluster.podIdentityAgent.addonVersion,
      vpcId: vpc.vpcId,
      privateSubnetIds: vpc.privateSubnetIds,
      kmsKeyArn: this.cluster.kmsKey.arn,
    };
    EKS_CONTRACT.publish(this, this.outputs);
  }
}
