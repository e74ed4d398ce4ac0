import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { VPC_CONTRACT, VpcOutputs } from '../contracts';
import { environmentRoleNames, workloadBoundaryArn } from '../naming';
import { VpcNetwork } from '../network/vpc-network';
import { EnvironmentStack } from './environment-stack';

/** Properties for {@link VpcStack}. */
export interface VpcStackProps {
  readonly platform: PlatformConfig;
  readonly env: EnvironmentConfig;
}

/** The network layer of one environment: `<env>-vpc`, state at `<env>/vpc`. */
export class VpcStack extends EnvironmentStack {
  public readonly network: VpcNetwork;
  public readonly outputs: VpcOutputs;

  constructor(scope: Construct, props: VpcStackProps) {
    const { env } = props;
    super(scope, props.platform, env, 'vpc');
    this.network = new VpcNetwork(this, 'network', {
      name: env.cluster.name,
      cidr: env.network.cidr,
      azCount: env.network.azCount,
      natGateways: env.network.natGateways,
      clusterName: env.cluster.name,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      flowLogRoleName: environmentRoleNames(env).flowLogs,
      permissionsBoundaryArn: workloadBoundaryArn(props.platform),
      accountId: props.platform.aws.accountId,
      region: props.platform.aws.region,
    });
    this.outputs = {
      vpcId: this.network.vpc.id,
      vpcCidr: this.network.vpc.cidrBlock,
      privateSubnetIds: this.network.privateSubnets.map(s => s.id),
      publicSubnetIds: this.network.publicSubnets.map(s => s.id),
    };
    VPC_CONTRACT.publish(this, this.outputs);
  }
}
