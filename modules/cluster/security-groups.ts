import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { NAME_LIMITS, shortenName } from '../naming';
import { suppress } from '../policies/suppress';

/**
 * Ports the control plane opens on nodes: the kubelet and the admission webhooks / extension API servers of the
 * add-ons. A blocked webhook port makes every matching API request time out (ANCHORS B-13).
 * @see https://github.com/terraform-aws-modules/terraform-aws-eks (node_groups.tf recommended rules)
 */
export const CONTROL_PLANE_TO_NODE_PORTS: Readonly<Record<number, string>> = {
  443: 'Control plane to webhooks and extension API servers on 443',
  4443: 'Control plane to metrics-server (upstream port)',
  8443: 'Control plane to the ingress-nginx admission webhook',
  9443: 'Control plane to the AWS Load Balancer Controller webhook',
  10250: 'Control plane to kubelet (logs, exec, port-forward)',
  10251: 'Control plane to metrics-server (EKS add-on port)',
};

/** Properties for {@link ClusterSecurityGroups}. */
export interface ClusterSecurityGroupsProps {
  readonly clusterName: string;
  readonly vpcId: string;
  /** The VPC CIDR: nodes may reach anything inside the VPC. */
  readonly vpcCidr: string;
}

/**
 * Two security groups. `control-plane` is added to the EKS control-plane ENIs (`vpc_config.security_group_ids`);
 * `nodes` is the only group on every node ENI, system and Karpenter alike. Node ENIs therefore carry exactly one
 * group tagged `kubernetes.io/cluster/<name>`, which the load balancer controller requires (ANCHORS B-14), and
 * `karpenter.sh/discovery` lets Karpenter's EC2NodeClass find it.
 *
 * ALB -> nodes: the addons layer adds ingress rules on `nodes` (its id is `nodeSecurityGroupId` in the eks
 * contract) for the ingress NodePorts from the ALB's security group. Nothing else reaches the nodes from outside.
 */
export class ClusterSecurityGroups extends Construct {
  public readonly controlPlane: SecurityGroup;
  public readonly nodes: SecurityGroup;

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupsProps) {
    super(scope, id);
    const { clusterName: name, vpcId } = props;
    // name prefixes + create-before-destroy: a replaced group is created before the old one is released
    this.controlPlane = new SecurityGroup(this, 'control-plane', {
      namePrefix: `${shortenName(name, NAME_LIMITS.securityGroupNamePrefix - 15)}-control-plane-`,
      description: `Additional security group of the ${name} EKS control-plane ENIs`,
      vpcId,
      tags: { Name: `${name}-control-plane` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.nodes = new SecurityGroup(this, 'nodes', {
      namePrefix: `${shortenName(name, NAME_LIMITS.securityGroupNamePrefix - 7)}-nodes-`,
      description: `Every node of ${name}: system node group and Karpenter nodes`,
      vpcId,
      tags: {
        Name: `${name}-nodes`,
        [`kubernetes.io/cluster/${name}`]: 'owned',
        'karpenter.sh/discovery': name,
      },
      lifecycle: { createBeforeDestroy: true },
    });
    const controlPlaneId = this.controlPlane.id;
    const nodesId = this.nodes.id;

    new VpcSecurityGroupIngressRule(this, 'control-plane-from-nodes-443', {
      securityGroupId: controlPlaneId,
      referencedSecurityGroupId: nodesId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'Nodes and pods to the Kubernetes API',
    });
    for (const [port, description] of Object.entries(CONTROL_PLANE_TO_NODE_PORTS)) {
      const p = Number(port);
      new VpcSecurityGroupIngressRule(this, `nodes-from-control-plane-${p}`, {
        securityGroupId: nodesId,
        referencedSecurityGroupId: controlPlaneId,
        ipProtocol: 'tcp',
        fromPort: p,
        toPort: p,
        description,
      });
      new VpcSecurityGroupEgressRule(this, `control-plane-to-nodes-${p}`, {
        securityGroupId: controlPlaneId,
        referencedSecurityGroupId: nodesId,
        ipProtocol: 'tcp',
        fromPort: p,
        toPort: p,
        description,
      });
    }
    // Pods share their node's group (VPC CNI without security groups for pods), so pod-to-pod and CoreDNS
    // traffic between nodes is node-to-node traffic on any port.
    new VpcSecurityGroupIngressRule(this, 'nodes-from-nodes', {
      securityGroupId: nodesId,
      referencedSecurityGroupId: nodesId,
      ipProtocol: '-1',
      description: 'Node to node and pod to pod, all ports (CoreDNS, services, pods on other nodes)',
    });
    new VpcSecurityGroupEgressRule(this, 'nodes-to-vpc', {
      securityGroupId: nodesId,
      cidrIpv4: props.vpcCidr,
      ipProtocol: '-1',
      description: 'Nodes and pods to anything in the VPC (other nodes, control-plane ENIs, DNS resolver)',
    });
    // The only egress to the internet: HTTPS through the NAT gateway. AVD-AWS-0104 fires on any world egress, so
    // this rule needs a reasoned suppression (SECURITY-RULES C2); add rules here for other outbound ports.
    const internet = new VpcSecurityGroupEgressRule(this, 'nodes-to-internet-https', {
      securityGroupId: nodesId,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'Nodes and pods to AWS APIs (ECR, S3, STS, EC2, SSM, SQS) and image registries over HTTPS',
    });
    suppress(
      internet,
      'sg-world-egress',
      `SECURITY-RULES C2: nodes pull images (ECR, public registries) and call AWS APIs (STS, EC2, SQS)
        through the NAT gateway; egress is narrowed to tcp/443. VPC endpoints would narrow it further.`,
    );
  }
}
