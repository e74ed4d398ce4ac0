import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { suppress } from '../policies/suppress';

/** Properties for {@link AlbSecurityGroup}. */
export interface AlbSecurityGroupProps {
  /** Name and `Name` tag of the group; the Ingress refers to it by that tag. */
  readonly name: string;
  readonly vpcId: string;
  /** Security group of every node (eks contract `nodeSecurityGroupId`). */
  readonly nodeSecurityGroupId: string;
  /**
   * ingress-nginx NodePorts, the only node ports the ALB may reach. @default - none: the load balancer controller
   * manages the backend rules (Gateway API edge, IP targets)
   */
  readonly nodePorts?: { readonly http: number; readonly https: number };
  /** @default 'Internet-facing ALB in front of ingress-nginx' */
  readonly description?: string;
  /** Open 443 as well (a certificate is configured). */
  readonly https: boolean;
}

/**
 * The ALB's security group: HTTP (and HTTPS with a certificate) from the internet, egress only to the nodes on the
 * two ingress NodePorts; and the matching ingress rules on the node security group, from this group only.
 */
export class AlbSecurityGroup extends Construct {
  public readonly group: SecurityGroup;
  public readonly rules: (VpcSecurityGroupIngressRule | VpcSecurityGroupEgressRule)[] = [];

  constructor(scope: Construct, id: string, props: AlbSecurityGroupProps) {
    super(scope, id);
    this.group = new SecurityGroup(this, 'group', {
      name: props.name,
      description: props.description ?? 'Internet-facing ALB in front of ingress-nginx',
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    // an internet-facing ALB is reachable from anywhere by design; WAF (optional) filters what gets through
    const listeners = props.https ? [80, 443] : [80];
    for (const port of listeners) {
      const internet = new VpcSecurityGroupIngressRule(this, `internet-${port}`, {
        securityGroupId: this.group.id,
        description: `Clients to the ALB listener on ${port}`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: '0.0.0.0/0',
      });
      this.rules.push(internet);
      suppress(
        internet,
        'sg-no-world-ingress',
        port === 443
          ? 'The internet-facing ALB serves HTTPS to clients from anywhere (the certificate of the environment file).'
          : `The internet-facing ALB must accept clients from anywhere (with a certificate port 80 only redirects
            to HTTPS); nodes accept only the ALB on the target ports, and an optional WAF ACL filters requests.`,
      );
    }
    for (const [name, port] of Object.entries(props.nodePorts ?? {})) {
      this.rules.push(
        new VpcSecurityGroupEgressRule(this, `to-nodes-${name}`, {
          securityGroupId: this.group.id,
          description: `ALB to the ingress-nginx ${name} NodePort ${port} on the nodes`,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: props.nodeSecurityGroupId,
        }),
        new VpcSecurityGroupIngressRule(this, `nodes-from-alb-${name}`, {
          securityGroupId: props.nodeSecurityGroupId,
          description: `ingress-nginx ${name} NodePort ${port} from the ALB`,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: this.group.id,
        }),
      );
    }
  }
}
