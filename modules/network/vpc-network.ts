import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { refuseInvalidProps } from '../config-errors';
import { planSubnets } from './cidr';
import { VpcFlowLogs } from './flow-logs';
import { validateVpcNetworkProps } from './validation';

/**
 * Zones where EKS refuses control-plane subnets (UnsupportedAvailabilityZoneException). Source: EKS user guide,
 * network-reqs.html, "Subnet requirements and considerations".
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ['use1-az3', 'usw1-az2', 'cac1-az3'] as const;

/** Properties for {@link VpcNetwork}. */
export interface VpcNetworkProps {
  /** Prefix of resource names, e.g. the cluster name `myapp-dev`. */
  readonly name: string;
  readonly cidr: string;
  /** Availability zones to use, the first `azCount` the region offers (looked up at plan time). */
  readonly azCount: number;
  /** `single`: one NAT gateway in the first public subnet; `per-az`: one per zone. */
  readonly natGateways: 'single' | 'per-az';
  /** Cluster whose load balancers and Karpenter nodes use these subnets (subnet discovery tags). */
  readonly clusterName: string;
  readonly flowLogRetentionDays: number;
  /** Name of the IAM role the flow-log service assumes. */
  readonly flowLogRoleName: string;
  /** ARN of the permissions boundary of the flow-log role. */
  readonly permissionsBoundaryArn: string;
  /** Account and region of the flow-log KMS key policy. */
  readonly accountId: string;
  readonly region: string;
}

/**
 * A VPC with one public and one private subnet per AZ, an internet gateway, NAT, routes, flow logs and a default
 * security group with no rules. Subnets carry the tags the load balancer controller and Karpenter discover them by.
 */
export class VpcNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly natGateways: NatGateway[];
  public readonly internetGateway: InternetGateway;
  public readonly flowLogs: VpcFlowLogs;

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateVpcNetworkProps(props, at));
    const plan = planSubnets(props.cidr, props.azCount);
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      // only regular zones: Local Zones and Wavelength Zones cannot host EKS control-plane ENIs
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      // by zone ID: zone names map to different physical zones in every account
      excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
      // element() wraps around: without this check a region with too few zones would stack subnets in one zone
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(self.names) >= ${props.azCount}}`,
            errorMessage:
              `The region offers fewer than ${props.azCount} regular availability zones; lower ` + `network.azCount.`,
          },
        ],
      },
    });
    const zone = (i: number) => Fn.element(zones.names, i);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true, // EKS private endpoint and nodes need DNS hostnames
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    const vpcId = this.vpc.id;

    // The default security group would otherwise allow all traffic between its members.
    new DefaultSecurityGroup(this, 'default-security-group', { vpcId, tags: { Name: `${props.name}-default-deny` } });

    const igw = new InternetGateway(this, 'internet-gateway', { vpcId, tags: { Name: props.name } });
    this.internetGateway = igw;

    const clusterTag = `kubernetes.io/cluster/${props.clusterName}`;
    this.publicSubnets = plan.public.map(
      (cidr, i) =>
        new Subnet(this, `public-${i}`, {
          vpcId,
          cidrBlock: cidr,
          availabilityZone: zone(i),
          mapPublicIpOnLaunch: false, // the NAT gateway has an EIP and the ALB needs none
          tags: { Name: `${props.name}-public-${i}`, 'kubernetes.io/role/elb': '1', [clusterTag]: 'shared' },
        }),
    );
    this.privateSubnets = plan.private.map(
      (cidr, i) =>
        new Subnet(this, `private-${i}`, {
          vpcId,
          cidrBlock: cidr,
          availabilityZone: zone(i),
          mapPublicIpOnLaunch: false,
          tags: {
            Name: `${props.name}-private-${i}`,
            'kubernetes.io/role/internal-elb': '1',
            [clusterTag]: 'shared',
            'karpenter.sh/discovery': props.clusterName,
          },
        }),
    );

    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId, tags: { Name: `${props.name}-public` } });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    this.publicSubnets.forEach((subnet, i) => {
      new RouteTableAssociation(this, `public-${i}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
    });

    const natCount = props.natGateways === 'per-az' ? props.azCount : 1;
    this.natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-${i}-ip`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${i}` } });
      return new NatGateway(this, `nat-${i}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: { Name: `${props.name}-nat-${i}` },
        dependsOn: [igw],
      });
    });
    this.privateSubnets.forEach((subnet, i) => {
      const routes = new RouteTable(this, `private-${i}-routes`, {
        vpcId,
        tags: { Name: `${props.name}-private-${i}` },
      });
      new Route(this, `private-${i}-default-route`, {
        routeTableId: routes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: this.natGateways[Math.min(i, natCount - 1)].id,
      });
      new RouteTableAssociation(this, `private-${i}-association`, { subnetId: subnet.id, routeTableId: routes.id });
    });

    this.flowLogs = new VpcFlowLogs(this, 'flow-logs', {
      vpcId,
      name: props.name,
      retentionInDays: props.flowLogRetentionDays,
      roleName: props.flowLogRoleName,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
      accountId: props.accountId,
      region: props.region,
    });
  }
}
