import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { EKS_CONTRACT, EksOutputs } from '../contracts';
import { stackId, statePath } from '../naming';
import { PlatformStack } from './platform-stack';

/** Properties for {@link AddonsStack}. */
export interface AddonsStackProps {
  readonly platform: PlatformConfig;
  readonly env: EnvironmentConfig;
}

/**
 * The add-ons layer of one environment: `<env>-addons`, state at `<env>/addons`; reads the eks layer's state.
 * The helm and kubernetes providers authenticate with `aws eks get-token` at plan/apply time; nothing connects at
 * synth (decision 10).
 */
export class AddonsStack extends PlatformStack {
  public readonly eks: EksOutputs;

  constructor(scope: Construct, props: AddonsStackProps) {
    const { env, platform } = props;
    super(scope, stackId(env.name, 'addons'), {
      platform,
      environment: env.name,
      statePath: statePath(env.name, 'addons'),
      extraTags: env.tags,
    });
    this.eks = EKS_CONTRACT.read(this, platform, statePath(env.name, 'eks'));
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', env.cluster.name, '--region', platform.aws.region],
    };
    const host = this.eks.clusterEndpoint;
    const clusterCaCertificate = Fn.base64decode(this.eks.clusterCertificateAuthorityData);
    new KubernetesProvider(this, 'kubernetes', { host, clusterCaCertificate, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { host, clusterCaCertificate, exec } });
  }
}
