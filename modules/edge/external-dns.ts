import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmAddon } from '../addons/helm-addon';
import { NamespaceRelease } from '../addons/namespace-release';
import { ADDON_STATE_NAMESPACE } from '../addons/namespaces';
import { addonIdentity, PodIdentityRole } from '../cluster/pod-identity-role';
import { policyDocument } from '../iam/render';
import type { PolicyDocument } from '../iam/statement';

/**
 * external-dns chart 1.21.1 / app v0.21.0, the official chart of kubernetes-sigs/external-dns.
 * @see
 * https://github.com/kubernetes-sigs/external-dns/blob/external-dns-helm-chart-1.21.1/charts/external-dns/values.yaml
 */
export const EXTERNAL_DNS_CHART = {
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  chart: 'external-dns',
  version: '1.21.1',
} as const;
export const EXTERNAL_DNS_NAMESPACE = 'external-dns';
export const EXTERNAL_DNS_SERVICE_ACCOUNT = 'external-dns';
export const EXTERNAL_DNS_RESOURCES = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { memory: '128Mi' },
} as const;
/**
 * `sync`: a record whose Ingress or route goes away is deleted, so no name is left pointing at a deleted ALB
 * (`upsert-only` would leave it dangling). It deletes only records its TXT registry marks as this cluster's
 * (`txtOwnerId`), never the ACM validation records or anything else in the zone.
 */
export const EXTERNAL_DNS_POLICY = 'sync';

/** What external-dns reads the hostnames from: the ALB Ingress, or the HTTPRoutes of the Gateway. */
export type ExternalDnsSource = 'ingress' | 'gateway-httproute';

/**
 * The external-dns AWS tutorial's permissions, narrowed to one zone: record changes and reads on
 * `hostedzone/<id>` only; `ListHostedZones` has no resource type, so it keeps `*`.
 * @see https://github.com/kubernetes-sigs/external-dns/blob/v0.21.0/docs/tutorials/aws.md
 */
export function externalDnsPolicy(zoneArn: string): PolicyDocument {
  return policyDocument([
    {
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
      Resource: [zoneArn],
    },
    { Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: '*' },
  ]);
}

export interface ExternalDnsValuesInput {
  readonly clusterName: string;
  readonly region: string;
  readonly zoneName: string;
  readonly zoneId: string;
  readonly source: ExternalDnsSource;
  /** Gateway mode: the namespace of the platform's Gateway, the only Gateways read. */
  readonly gatewayNamespace?: string;
}

/** The chart values: AWS provider in one zone (by id and name), TXT registry owned by this cluster. */
export function externalDnsValues(input: ExternalDnsValuesInput): Record<string, unknown> {
  return {
    // every namespaced template names the chart's `external-dns.namespace` helper (templates/_helpers.tpl line 14 at
    // external-dns-helm-chart-1.21.1); the chart's only Secret (`secretConfiguration`) stays off
    namespaceOverride: EXTERNAL_DNS_NAMESPACE,
    provider: { name: 'aws' },
    // the Go SDK reads AWS_REGION; with IMDS hop limit 1 the pod cannot look the region up
    env: [{ name: 'AWS_REGION', value: input.region }],
    serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
    sources: [input.source],
    policy: EXTERNAL_DNS_POLICY,
    registry: 'txt',
    txtOwnerId: input.clusterName,
    domainFilters: [input.zoneName],
    extraArgs: [
      '--aws-zone-type=public',
      `--zone-id-filter=${input.zoneId}`,
      // only the ALB Ingress has an address; ingress-nginx's own Ingresses point at nothing external-dns could use
      ...(input.source === 'ingress' ? ['--ingress-class=alb'] : []),
    ],
    ...(input.gatewayNamespace !== undefined ? { gatewayNamespace: input.gatewayNamespace } : {}),
    resources: EXTERNAL_DNS_RESOURCES,
    logFormat: 'json',
  };
}

/** Properties for {@link ExternalDns}. */
export interface ExternalDnsProps extends ExternalDnsValuesInput {
  readonly accountId: string;
  readonly roleName: string;
  readonly permissionsBoundaryArn: string;
  /** `arn:<partition>:route53:::hostedzone/<id>`: the one zone it may change. */
  readonly zoneArn: string;
  /** It runs on Karpenter capacity (the NodePool release), and in gateway mode needs the Gateway API CRDs first. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * external-dns through Pod Identity (`external-dns/external-dns`), allowed to change one zone: it points the
 * configured hostnames at the ALB the load balancer controller made. Runs on Karpenter capacity, not the system nodes.
 */
export class ExternalDns extends Construct {
  public readonly identity: PodIdentityRole;
  public readonly namespace: NamespaceRelease;
  public readonly helm: HelmAddon;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    this.identity = addonIdentity(this, 'identity', props, {
      roleName: props.roleName,
      purpose: `external-dns of ${props.clusterName}`,
      detail: `, zone ${props.zoneName}`,
      namespace: EXTERNAL_DNS_NAMESPACE,
      serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
      inlinePolicies: { policy: { name: 'route53-one-zone', document: externalDnsPolicy(props.zoneArn) } },
    });
    this.namespace = new NamespaceRelease(this, 'namespace', {
      namespace: EXTERNAL_DNS_NAMESPACE,
      purpose: 'external-dns',
    });
    this.helm = new HelmAddon(this, 'helm', {
      releaseName: 'external-dns',
      ...EXTERNAL_DNS_CHART,
      // Helm state only: `namespaceOverride` (in the values) puts the objects in their own namespace
      namespace: ADDON_STATE_NAMESPACE,
      values: externalDnsValues(props),
      dependsOn: [this.namespace.helm.release, ...this.identity.ready, ...props.dependsOn],
    });
  }
}
