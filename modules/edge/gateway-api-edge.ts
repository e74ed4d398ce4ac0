import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import { chartValue } from '../addons/local-chart';
import { NamespaceRelease } from '../addons/namespace-release';
import { ADDON_STATE_NAMESPACE } from '../addons/namespaces';
import { AlbSecurityGroup } from '../ingress-nginx/alb-security-group';
import { suppress } from '../policies/suppress';
import { GATEWAY_NAMESPACE, gatewayObjects } from './gateway-objects';

/** Properties for {@link GatewayApiEdge}. */
export interface GatewayApiEdgeProps {
  readonly clusterName: string;
  readonly vpcId: string;
  readonly nodeSecurityGroupId: string;
  readonly appNamespaces: readonly string[];
  /** ACM certificate ARN (a reference to the validation, or the configured ARN). @default - HTTP only */
  readonly certificateArn?: string;
  readonly hostnames?: readonly string[];
  readonly wafAclArn?: string;
  /** The CRDs and the load balancer controller: the objects are created after them and deleted before them. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The Gateway API edge: internet -> ALB (made by the load balancer controller from the Gateway) -> pod IPs. Owns the
 * ALB's client-facing security group; the controller adds the backend group and the node rules for the targets.
 */
export class GatewayApiEdge extends Construct {
  public readonly securityGroup: AlbSecurityGroup;
  /** The `gateway-system` Namespace: the Gateway and its configurations, no Secret. */
  public readonly namespace: NamespaceRelease;
  public readonly helm: KubernetesObjects;

  constructor(scope: Construct, id: string, props: GatewayApiEdgeProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    this.namespace = new NamespaceRelease(this, 'namespace', {
      namespace: GATEWAY_NAMESPACE,
      purpose: 'the Gateway API edge',
    });
    this.securityGroup = new AlbSecurityGroup(this, 'alb-security-group', {
      // not `<cluster>-alb`: ingress-nginx's group may run beside it during a migration
      name: `${props.clusterName}-gateway-alb`,
      description: 'Internet-facing ALB of the Gateway API edge',
      vpcId: props.vpcId,
      nodeSecurityGroupId: props.nodeSecurityGroupId,
      https,
    });
    suppress(
      this.securityGroup.group,
      'sg-attached',
      `SECURITY-RULES C9: the ALB security group is attached by the load balancer controller through
        the spec.securityGroups of the Gateway's LoadBalancerConfiguration, which Terraform does not see.`,
    );
    // the group id and the certificate ARN are known at apply only: chart values fill their markers
    const substitutions: Record<string, string> = { securityGroupId: this.securityGroup.group.id };
    if (props.certificateArn !== undefined) substitutions.certificateArn = props.certificateArn;
    this.helm = new KubernetesObjects(this, 'helm', {
      chartId: 'chart',
      name: 'gateway-edge',
      description: `The Gateway API edge of ${props.clusterName}: internet -> ALB -> pod IPs`,
      objects: gatewayObjects({
        appNamespaces: props.appNamespaces,
        securityGroup: chartValue('securityGroupId'),
        certificateArn: https ? chartValue('certificateArn') : undefined,
        hostnames: props.hostnames,
        wafAclArn: props.wafAclArn,
      }),
      substitutions,
      // Helm state only: the objects name their namespace
      namespace: ADDON_STATE_NAMESPACE,
      dependsOn: [
        this.namespace.helm.release,
        ...props.dependsOn,
        this.securityGroup.group,
        ...this.securityGroup.rules,
      ],
    });
  }
}
