import { DataResource } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The standard-channel Gateway API CRDs the AWS Load Balancer Controller v3.5.0 is built for ("The LBC is built for
 * Gateway API version v1.6.0", aws-load-balancer-controller `docs/guide/gateway/gateway.md` at v3.5.0). Installed
 * from the official release at apply time, never copied into this repository.
 */
export const GATEWAY_API_VERSION = 'v1.6.0';
export const GATEWAY_API_CRDS_URL =
  `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/` + 'standard-install.yaml';
/** CRDs the platform's objects (and external-dns's `gateway-httproute` source) need before they are created. */
export const GATEWAY_API_REQUIRED_CRDS = ['gatewayclasses', 'gateways', 'httproutes'].map(
  k => `${k}.gateway.networking.k8s.io`,
);

/** Properties for {@link GatewayApiCrds}. */
export interface GatewayApiCrdsProps {
  readonly clusterName: string;
  readonly region: string;
}

/**
 * The shell command: a throw-away kubeconfig for the cluster (the runner's AWS identity, as the helm provider uses),
 * a server-side apply of the release manifest (the project's documented install; CRDs this large exceed the
 * client-side annotation limit), then a wait until the API server serves them. Needs `aws` and `kubectl` on PATH.
 */
export function gatewayApiCrdsCommand(): string {
  return [
    'set -euo pipefail',
    'kubeconfig="$(mktemp)"',
    'trap \'rm -f "$kubeconfig"\' EXIT',
    'aws eks update-kubeconfig --name "$CLUSTER_NAME" --region "$AWS_REGION" --kubeconfig "$kubeconfig" >/dev/null',
    'kubectl --kubeconfig "$kubeconfig" apply --server-side --field-manager=eks-platform -f "$CRDS_URL"',
    `kubectl --kubeconfig "$kubeconfig" wait --for=condition=Established --timeout=120s ${GATEWAY_API_REQUIRED_CRDS.map(
      c => `crd/${c}`,
    ).join(' ')}`,
  ].join('\n');
}

/**
 * A `terraform_data` whose create runs {@link gatewayApiCrdsCommand}; a version bump replaces it, which applies the
 * new release. Destroying it leaves the CRDs in place on purpose: deleting a CRD deletes every object of its kind
 * (the applications' routes too). The load balancer controller, which turns the Gateway API on only when it finds
 * the CRDs at start, and the Gateway objects depend on it.
 */
export class GatewayApiCrds extends Construct {
  public readonly install: DataResource;

  constructor(scope: Construct, id: string, props: GatewayApiCrdsProps) {
    super(scope, id);
    this.install = new DataResource(this, 'install', {
      triggersReplace: { version: GATEWAY_API_VERSION, url: GATEWAY_API_CRDS_URL },
      provisioners: [
        {
          type: 'local-exec',
          interpreter: ['/bin/bash', '-c'],
          command: gatewayApiCrdsCommand(),
          environment: { CLUSTER_NAME: props.clusterName, AWS_REGION: props.region, CRDS_URL: GATEWAY_API_CRDS_URL },
        },
      ],
    });
  }
}
