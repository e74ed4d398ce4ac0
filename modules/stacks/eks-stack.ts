import type { Construct } from 'constructs';
import { DEFAULT_SUPPORT_TYPE, EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { ClusterAccess, ClusterAccessGrant } from '../cluster/access-entries';
import { addonVersionsFor } from '../cluster/addon-versions';
import { EksCluster } from '../cluster/eks-cluster';
import { NodeBootstrapAddons, SystemAddons } from '../cluster/managed-addons';
import { ClusterSecurityGroups } from '../cluster/security-groups';
import { SystemNodeGroup } from '../cluster/system-node-group';
import { EKS_CONTRACT, EksOutputs, VPC_CONTRACT } from '../contracts';
import { suppress } from '../policies/suppress';
import {
  ADDON_RELEASE_NAMESPACES,
  ciRoleNames,
  environmentRoleNames,
  roleArn,
  statePath,
  workloadBoundaryArn,
} from '../naming';
import { EnvironmentStack } from './environment-stack';

/** The whole IPv4 internet as a CIDR. */
const WORLD = '0.0.0.0/0';

/** Properties for {@link EksStack}. */
export interface EksStackProps {
  readonly platform: PlatformConfig;
  readonly env: EnvironmentConfig;
}

/**
 * Who may use the cluster: the environment's admins and the CI apply role (cluster admin, so CI can apply the
 * addons layer) and the CI plan role (view, plus Secrets in the add-on release namespaces only: Helm's release
 * state lives there and a plan must refresh it; application namespaces stay unreadable to pull-request plans).
 */
export function clusterAccessGrants(platform: PlatformConfig, env: EnvironmentConfig): ClusterAccessGrant[] {
  const ci = ciRoleNames(platform, env.name);
  return [
    ...env.cluster.adminPrincipalArns.map(principalArn => ({ principalArn, access: 'admin' as const })),
    { principalArn: roleArn(platform, ci.apply), access: 'admin' },
    { principalArn: roleArn(platform, ci.plan), access: 'view', readSecretsIn: ADDON_RELEASE_NAMESPACES },
  ];
}

/** The cluster layer of one environment: `<env>-eks`, state at `<env>/eks`; reads the vpc layer's state. */
export class EksStack extends EnvironmentStack {
  public readonly cluster: EksCluster;
  public readonly securityGroups: ClusterSecurityGroups;
  public readonly bootstrapAddons: NodeBootstrapAddons;
  public readonly systemNodes: SystemNodeGroup;
  public readonly systemAddons: SystemAddons;
  public readonly access: ClusterAccess;
  public readonly outputs: EksOutputs;

  constructor(scope: Construct, props: EksStackProps) {
    const { env, platform } = props;
    super(scope, platform, env, 'eks');
    const roles = environmentRoleNames(env);
    const { accountId, region } = platform.aws;
    const versions = addonVersionsFor(env.cluster.kubernetesVersion);
    // every role of the layer carries the shared stack's boundary (a literal ARN: no cross-stack reference)
    const permissionsBoundaryArn = workloadBoundaryArn(platform);
    const vpc = VPC_CONTRACT.read(this, platform, statePath(env.name, 'vpc'));

    this.securityGroups = new ClusterSecurityGroups(this, 'security-groups', {
      clusterName: env.cluster.name,
      vpcId: vpc.vpcId,
      vpcCidr: vpc.vpcCidr,
    });
    this.cluster = new EksCluster(this, 'cluster', {
      name: env.cluster.name,
      kubernetesVersion: env.cluster.kubernetesVersion,
      privateSubnetIds: vpc.privateSubnetIds,
      controlPlaneSecurityGroupId: this.securityGroups.controlPlane.id,
      publicAccessCidrs: env.cluster.publicAccessCidrs,
      logRetentionDays: env.cluster.logRetentionDays,
      clusterRoleName: roles.cluster,
      permissionsBoundaryArn,
      accountId,
      region,
      supportType: env.cluster.supportType ?? DEFAULT_SUPPORT_TYPE,
      deletionProtection: env.cluster.deletionProtection ?? false,
    });
    const cluster = this.cluster.cluster;
    // accepted while the environment file opens the endpoint to the world; narrowing it removes the suppression
    if (env.cluster.publicAccessCidrs.includes(WORLD)) {
      suppress(
        cluster,
        'eks-public-access-cidrs',
        `${env.name}.cluster.publicAccessCidrs is ${WORLD} because the design asks to deploy from anywhere; the
          risk is written in the README and the environment file. Narrow it to office and CI ranges and this
          suppression goes away.`,
      );
    }
    // add-ons and node groups take the name from the resource, so they wait for the cluster
    const addonIdentity = { clusterName: cluster.name, versions, accountId, region, permissionsBoundaryArn };
    this.bootstrapAddons = new NodeBootstrapAddons(this, 'bootstrap-addons', {
      ...addonIdentity,
      vpcCniRoleName: roles.vpcCni,
    });
    const ng = env.cluster.systemNodeGroup;
    this.systemNodes = new SystemNodeGroup(this, 'system-nodes', {
      clusterName: cluster.name,
      kubernetesVersion: cluster.version,
      subnetIds: vpc.privateSubnetIds,
      nodeSecurityGroupId: this.securityGroups.nodes.id,
      roleName: roles.systemNodes,
      permissionsBoundaryArn,
      region,
      instanceType: ng.instanceType,
      desiredSize: ng.desiredSize,
      minSize: ng.minSize,
      maxSize: ng.maxSize,
      diskSizeGiB: ng.diskSizeGiB,
      dependsOn: this.bootstrapAddons.all,
    });
    this.systemAddons = new SystemAddons(this, 'system-addons', {
      ...addonIdentity,
      ebsCsiRoleName: roles.ebsCsi,
      nodes: this.systemNodes.nodeGroup,
      maxNodeVcpus: env.karpenter.cpuLimit,
    });
    this.access = new ClusterAccess(this, 'access', {
      clusterName: cluster.name,
      grants: clusterAccessGrants(platform, env),
      region,
    });

    this.outputs = {
      clusterName: cluster.name,
      clusterArn: cluster.arn,
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      clusterSecurityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
      nodeSecurityGroupId: this.securityGroups.nodes.id,
      podIdentityAgentVersion: this.bootstrapAddons.podIdentityAgent.addonVersion,
      vpcId: vpc.vpcId,
      privateSubnetIds: vpc.privateSubnetIds,
      kmsKeyArn: this.cluster.kmsKey.arn,
    };
    EKS_CONTRACT.publish(this, this.outputs);
  }
}
