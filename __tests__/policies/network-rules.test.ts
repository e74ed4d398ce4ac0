import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { DefaultVpc } from '@cdktf/provider-aws/lib/default-vpc';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule, SecurityGroupRuleConfig } from '@cdktf/provider-aws/lib/security-group-rule';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';
import { launchTemplate, vpc } from './fixtures';
import { checkStack } from '../../modules/policies/engine';
import { RULES } from '../../modules/policies/rules';
import { eachPassesCompliant, finding, run, runAll } from './policy-helpers';

const VPC = 'aws_vpc.vpc';
const WORLD = ['0.0.0.0/0'];

/** A described SG attached to a launch template, with one described rule of each kind. */
function nodeSg(
  s: Construct,
  rule: { cidr?: string; port?: number; description?: string; direction?: 'ingress' | 'egress' } = {},
): SecurityGroup {
  const sg = new SecurityGroup(s, 'sg', { name: 'nodes', description: 'Nodes', vpcId: 'vpc-1' });
  launchTemplate(s, { vpcSecurityGroupIds: [sg.id] });
  const props = {
    securityGroupId: sg.id,
    ipProtocol: 'tcp',
    fromPort: rule.port ?? 443,
    toPort: rule.port ?? 443,
    cidrIpv4: rule.cidr ?? '10.0.0.0/16',
    description: rule.description ?? 'HTTPS inside the VPC',
  };
  if ((rule.direction ?? 'ingress') === 'ingress') new VpcSecurityGroupIngressRule(s, 'rule', props);
  else new VpcSecurityGroupEgressRule(s, 'rule', props);
  return sg;
}

/** A legacy `aws_security_group_rule.<id>` of `group` for one port (0, with protocol -1: every port). */
function legacyRule(
  s: Construct,
  id: string,
  group: string,
  type: 'ingress' | 'egress',
  {
    port,
    ...rule
  }: Pick<SecurityGroupRuleConfig, 'protocol' | 'cidrBlocks' | 'ipv6CidrBlocks' | 'description'> & {
    port: number;
  },
): void {
  new SecurityGroupRule(s, id, { type, securityGroupId: group, fromPort: port, toPort: port, ...rule });
}

test('the compliant VPC and security group pass every rule', () => {
  expect(
    runAll(s => {
      vpc(s);
      nodeSg(s);
    }),
  ).toEqual([]);
});

eachPassesCompliant(['vpc-flow-logs', 'vpc-default-sg-locked', 'vpc-no-default-or-nat-instance'], s => vpc(s));

eachPassesCompliant(['sg-no-world-ingress', 'sg-descriptions', 'sg-attached'], s => nodeSg(s));

describe('vpc-flow-logs', () => {
  test('fails without a flow log, and with one for another VPC or of ACCEPT only', () => {
    expect(run('vpc-flow-logs', s => vpc(s, { flowLog: false }))).toEqual([finding('vpc-flow-logs', VPC, 'id')]);
    const found = run('vpc-flow-logs', s => {
      const v = vpc(s, { flowLog: false });
      const other = new Vpc(s, 'other', { cidrBlock: '10.1.0.0/16' });
      new FlowLog(s, 'fl-other', {
        vpcId: other.id,
        trafficType: 'ALL',
        logDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:x',
      });
      new FlowLog(s, 'fl-accept', {
        vpcId: v.id,
        trafficType: 'ACCEPT',
        logDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:x',
      });
    });
    expect(found).toEqual([finding('vpc-flow-logs', VPC, 'id')]);
  });

  test('a REJECT-only flow log is enough; one without a traffic type is not', () => {
    const withLog = (trafficType?: string) => (s: Construct) => {
      const v = vpc(s, { flowLog: false });
      new FlowLog(s, 'fl', {
        vpcId: v.id,
        trafficType,
        logDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:x',
      });
    };
    expect(run('vpc-flow-logs', withLog('REJECT'))).toEqual([]);
    expect(run('vpc-flow-logs', withLog())).toEqual([finding('vpc-flow-logs', VPC, 'id')]);
  });
});

describe('vpc-default-sg-locked', () => {
  test('fails when the default SG is not declared, or keeps rules', () => {
    expect(run('vpc-default-sg-locked', s => vpc(s, { defaultSg: false }))).toEqual([
      finding('vpc-default-sg-locked', VPC, 'id'),
    ]);
    const found = run('vpc-default-sg-locked', s => {
      const v = vpc(s, { defaultSg: false });
      new DefaultSecurityGroup(s, 'default-sg', {
        vpcId: v.id,
        ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['10.0.0.0/16'] }],
      });
    });
    expect(found).toEqual([finding('vpc-default-sg-locked', 'aws_default_security_group.default-sg', 'ingress')]);
  });

  test('fails when a rule resource is attached to the default SG', () => {
    const found = run('vpc-default-sg-locked', s => {
      const v = vpc(s, { defaultSg: false });
      const d = new DefaultSecurityGroup(s, 'default-sg', { vpcId: v.id });
      new VpcSecurityGroupEgressRule(s, 'd-egress', {
        securityGroupId: d.id,
        ipProtocol: '-1',
        cidrIpv4: '10.0.0.0/8',
      });
    });
    expect(found).toEqual([
      finding('vpc-default-sg-locked', 'aws_vpc_security_group_egress_rule.d-egress', 'security_group_id'),
    ]);
  });

  test('fails inline egress and every kind of attached rule; a default SG of another VPC does not count', () => {
    const found = run('vpc-default-sg-locked', s => {
      const v = vpc(s, { defaultSg: false });
      const d = new DefaultSecurityGroup(s, 'default-sg', {
        vpcId: v.id,
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['10.0.0.0/8'] }],
      });
      legacyRule(s, 'legacy', d.id, 'ingress', { protocol: 'tcp', port: 1, cidrBlocks: ['10.0.0.0/8'] });
      new VpcSecurityGroupIngressRule(s, 'd-ingress', {
        securityGroupId: d.id,
        ipProtocol: '-1',
        cidrIpv4: '10.0.0.0/8',
      });
      const other = new Vpc(s, 'other', { cidrBlock: '10.1.0.0/16' });
      new DefaultSecurityGroup(s, 'other-default', { vpcId: other.id });
    });
    expect(found.map(f => `${f.address} ${f.path}`)).toEqual([
      'aws_default_security_group.default-sg egress',
      'aws_security_group_rule.legacy security_group_id',
      'aws_vpc_security_group_ingress_rule.d-ingress security_group_id',
    ]);
    expect(found[0].message).toBe('remove the egress rules of the default security group');
  });
});

describe('sg-no-world-ingress', () => {
  test('fails world ingress in a rule resource, an inline block and a legacy rule', () => {
    expect(run('sg-no-world-ingress', s => nodeSg(s, { cidr: '0.0.0.0/0', port: 22 }))).toEqual([
      finding('sg-no-world-ingress', 'aws_vpc_security_group_ingress_rule.rule'),
    ]);
    const found = run('sg-no-world-ingress', s => {
      const sg = new SecurityGroup(s, 'inline', {
        description: 'x',
        ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, ipv6CidrBlocks: ['::/0'], description: 'x' }],
      });
      legacyRule(s, 'legacy', sg.id, 'ingress', { protocol: '-1', port: 0, cidrBlocks: WORLD, description: 'x' });
    });
    expect(found).toEqual([
      finding('sg-no-world-ingress', 'aws_security_group.inline', 'ingress[0]'),
      finding('sg-no-world-ingress', 'aws_security_group_rule.legacy'),
    ]);
  });

  test('names the world CIDRs among several; world egress is not ingress; an IPv6 rule resource is judged', () => {
    const found = run('sg-no-world-ingress', s => {
      const sg = new SecurityGroup(s, 'inline', {
        description: 'x',
        ingress: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'], description: 'x' },
        ],
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'x' }],
      });
      new VpcSecurityGroupIngressRule(s, 'v6', {
        securityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv6: '::/0',
      });
      new VpcSecurityGroupEgressRule(s, 'out', { securityGroupId: sg.id, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' });
    });
    expect(found.map(f => `${f.address} ${f.path}`)).toEqual([
      'aws_security_group.inline ingress[0]',
      'aws_vpc_security_group_ingress_rule.v6 cidr',
    ]);
    expect(found[0].message).toBe('ingress from 0.0.0.0/0: allow a security group or a narrow CIDR instead');
  });
});

describe('sg-world-egress', () => {
  test('passes egress inside the VPC, fails egress to the internet', () => {
    expect(run('sg-world-egress', s => nodeSg(s, { direction: 'egress' }))).toEqual([]);
    const found = run('sg-world-egress', s => nodeSg(s, { direction: 'egress', cidr: '0.0.0.0/0' }));
    expect(found).toEqual([finding('sg-world-egress', 'aws_vpc_security_group_egress_rule.rule')]);
    expect(found[0].message).toContain('tcp 443-443');
  });

  test('any world CIDR among several is found, IPv6 and inline blocks too; world ingress is not egress', () => {
    const found = run('sg-world-egress', s => {
      const sg = new SecurityGroup(s, 'inline', {
        name: 'inline',
        description: 'Inline rules',
        egress: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/16'], description: 'VPC' },
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ['10.0.0.0/16', '0.0.0.0/0'],
            description: 'HTTPS',
          },
        ],
        ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'clients' }],
      });
      legacyRule(s, 'v6', sg.id, 'egress', { protocol: '-1', port: 0, ipv6CidrBlocks: ['::/0'], description: 'all' });
      legacyRule(s, 'in', sg.id, 'ingress', { protocol: 'tcp', port: 80, cidrBlocks: WORLD, description: 'clients' });
    });
    expect(found).toEqual([
      finding('sg-world-egress', 'aws_security_group.inline', 'egress[1]'),
      finding('sg-world-egress', 'aws_security_group_rule.v6', 'cidr'),
    ]);
    expect(found[1].message).toMatch(/^all-protocol egress to the internet/);
  });

  test('all ports means protocol -1 or all, or the range 0-65535; anything narrower names its ports', () => {
    const messages = run('sg-world-egress', s => {
      const egress = (id: string, ipProtocol: string, fromPort?: number, toPort?: number) =>
        new VpcSecurityGroupEgressRule(s, id, {
          securityGroupId: 'sg-1',
          ipProtocol,
          fromPort,
          toPort,
          cidrIpv4: '0.0.0.0/0',
          description: id,
        });
      egress('a-all', 'all');
      egress('b-full-range', 'tcp', 0, 65535);
      egress('c-from-one', 'tcp', 1, 65535);
      egress('d-to-below', 'tcp', 0, 65534);
      egress('e-dns', 'udp', 53, 53);
    }).map(f => `${f.address.slice(35)}: ${f.message.split(':')[0]}`);
    expect(messages).toEqual([
      'a-all: all-protocol egress to the internet',
      'b-full-range: all-protocol egress to the internet',
      'c-from-one: egress to the internet on tcp 1-65535',
      'd-to-below: egress to the internet on tcp 0-65534',
      'e-dns: egress to the internet on udp 53-53',
    ]);
  });
});

describe('subnet-no-public-ip', () => {
  test('fails map_public_ip_on_launch', () => {
    expect(
      run('subnet-no-public-ip', s => new Subnet(s, 'public', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' })),
    ).toEqual([]);
    expect(
      run(
        'subnet-no-public-ip',
        s => new Subnet(s, 'public', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true }),
      ),
    ).toEqual([finding('subnet-no-public-ip', 'aws_subnet.public', 'map_public_ip_on_launch')]);
  });
});

describe('sg-descriptions', () => {
  test('fails a missing or default description on the group and on a rule', () => {
    expect(run('sg-descriptions', s => nodeSg(s, { description: 'Managed by Terraform' }))).toEqual([
      finding('sg-descriptions', 'aws_vpc_security_group_ingress_rule.rule', 'description'),
    ]);
    expect(run('sg-descriptions', s => new SecurityGroup(s, 'bare', { vpcId: 'vpc-1' }))).toEqual([
      finding('sg-descriptions', 'aws_security_group.bare', 'description'),
    ]);
  });

  test('a blank description is none; inline and legacy rules need one too', () => {
    const found = run('sg-descriptions', s => {
      const sg = new SecurityGroup(s, 'sg', {
        description: '  ',
        ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'], description: 'HTTPS' }],
        egress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'] }],
      });
      legacyRule(s, 'legacy', sg.id, 'ingress', { protocol: 'tcp', port: 1, cidrBlocks: ['10.0.0.0/8'] });
    });
    expect(found.map(f => `${f.address} ${f.path}`)).toEqual([
      'aws_security_group.sg description',
      'aws_security_group.sg egress[0].description',
      'aws_security_group_rule.legacy description',
    ]);
  });
});

describe('sg-attached', () => {
  test('fails a group nothing uses', () => {
    expect(run('sg-attached', s => new SecurityGroup(s, 'orphan', { description: 'x' }))).toEqual([
      finding('sg-attached', 'aws_security_group.orphan', 'id'),
    ]);
  });

  test.each([
    'aws_eks_cluster',
    'aws_vpc_endpoint',
    'aws_lb',
    'aws_network_interface',
    'aws_instance',
    'aws_eks_node_group',
  ])('a group referenced by %s is attached', type => {
    const resource: Record<string, Record<string, Record<string, unknown>>> = {
      aws_security_group: { used: { description: 'x' }, orphan: { description: 'x' } },
    };
    resource[type] = { user: { nested: [{ security_group_ids: ['${aws_security_group.used.id}'] }] } };
    const json = { resource };
    const rule = RULES.find(r => r.name === 'sg-attached')!;
    expect(checkStack({ stack: 'test', json }, [rule]).map(f => f.address)).toEqual(['aws_security_group.orphan']);
  });
});

describe('vpc-no-default-or-nat-instance', () => {
  test('fails the default VPC and an unattached EIP', () => {
    const found = run('vpc-no-default-or-nat-instance', s => {
      new DefaultVpc(s, 'default');
      new Eip(s, 'ip', { domain: 'vpc' });
    });
    expect(found).toEqual([
      finding('vpc-no-default-or-nat-instance', 'aws_default_vpc.default'),
      finding('vpc-no-default-or-nat-instance', 'aws_eip.ip'),
    ]);
  });

  test('fails a default route through an instance, in a route or a route table; passes other routes', () => {
    // this provider's aws_route has no instance_id argument any more; an override can still synthesize one
    const found = run('vpc-no-default-or-nat-instance', s => {
      new Route(s, 'nat-instance', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0' }).addOverride(
        'instance_id',
        'i-1',
      );
      new Route(s, 'peer', { routeTableId: 'rtb-1', destinationCidrBlock: '10.1.0.0/16' }).addOverride(
        'instance_id',
        'i-1',
      );
      new Route(s, 'nat-gateway', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' });
      new RouteTable(s, 'table', { vpcId: 'vpc-1', route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }] });
      new RouteTable(s, 'instance-table', { vpcId: 'vpc-1' }).addOverride('route', [
        { cidr_block: '10.2.0.0/16', gateway_id: 'local' },
        { cidr_block: '0.0.0.0/0', instance_id: 'i-1' },
      ]);
    });
    expect(found).toEqual([
      finding('vpc-no-default-or-nat-instance', 'aws_route.nat-instance', 'instance_id'),
      finding('vpc-no-default-or-nat-instance', 'aws_route_table.instance-table', 'route[1].instance_id'),
    ]);
  });

  test('an EIP used by a NAT gateway, an instance or an association passes', () => {
    const found = run('vpc-no-default-or-nat-instance', s => {
      const nat = new Eip(s, 'nat', { domain: 'vpc' });
      new NatGateway(s, 'gw', { allocationId: nat.id, subnetId: 'subnet-1' });
      new Eip(s, 'instance', { domain: 'vpc', instance: 'i-0123' });
      const associated = new Eip(s, 'associated', { domain: 'vpc' });
      new EipAssociation(s, 'association', { allocationId: associated.id, instanceId: 'i-0123' });
      new Eip(s, 'idle', { domain: 'vpc' });
    });
    expect(found).toEqual([finding('vpc-no-default-or-nat-instance', 'aws_eip.idle', '')]);
  });
});

describe('vpc-flow-logs: the message', () => {
  test('the finding names the flow log to add', () => {
    expect(run('vpc-flow-logs', s => vpc(s, { flowLog: false }))[0].message).toBe(
      'add an aws_flow_log with vpc_id = this VPC and traffic_type = "ALL"',
    );
  });
});

describe('vpc-default-sg-locked: what the findings say', () => {
  test('an undeclared default group, inline ingress and an attached rule each name their fix', () => {
    expect(run('vpc-default-sg-locked', s => vpc(s, { defaultSg: false }))[0].message).toBe(
      'declare aws_default_security_group with vpc_id = this VPC and no ingress/egress ' +
        '(it allows all traffic between members by default)',
    );
    const found = run('vpc-default-sg-locked', s => {
      const v = vpc(s, { defaultSg: false });
      const ingress = [{ protocol: '-1', fromPort: 0, toPort: 0, self: true }];
      const d = new DefaultSecurityGroup(s, 'default-sg', { vpcId: v.id, ingress });
      new VpcSecurityGroupIngressRule(s, 'd-ingress', {
        securityGroupId: d.id,
        ipProtocol: '-1',
        cidrIpv4: '10.0.0.0/8',
      });
    });
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_default_security_group.default-sg ingress: remove the ingress rules of the default security group',
      'aws_vpc_security_group_ingress_rule.d-ingress security_group_id: attach no rules to the default security group',
    ]);
  });
});

describe('sg-world-egress: the port range of a narrower rule', () => {
  test('an open end of the range reads as 0 or 65535, as allPorts reads it', () => {
    const messages = run('sg-world-egress', s => {
      const egress = (id: string, fromPort?: number, toPort?: number) =>
        new VpcSecurityGroupEgressRule(s, id, {
          securityGroupId: 'sg-1',
          ipProtocol: 'tcp',
          fromPort,
          toPort,
          cidrIpv4: '::/0',
          description: id,
        });
      egress('to-443', undefined, 443);
      egress('from-1', 1, undefined);
    }).map(f => f.message);
    expect(messages).toEqual([
      'egress to the internet on tcp 1-65535: use VPC endpoints or suppress it with a reason',
      'egress to the internet on tcp 0-443: use VPC endpoints or suppress it with a reason',
    ]);
    const [all] = run('sg-world-egress', s => nodeSg(s, { direction: 'egress', cidr: '0.0.0.0/0', port: 0 }));
    expect(all.message).toBe('egress to the internet on tcp 0-0: use VPC endpoints or suppress it with a reason');
  });

  test('an all-protocol rule gets the advice to narrow it', () => {
    const [found] = run(
      'sg-world-egress',
      s =>
        new VpcSecurityGroupEgressRule(s, 'all', {
          securityGroupId: 'sg-1',
          ipProtocol: '-1',
          cidrIpv4: '0.0.0.0/0',
          description: 'all',
        }),
    );
    expect(found.message).toBe(
      'all-protocol egress to the internet: narrow it to tcp/443 (and DNS/NTP) or VPC endpoints, or ' +
        'suppress it with a reason',
    );
  });
});

describe('subnet-no-public-ip: the value and the message', () => {
  test('map_public_ip_on_launch "true" is true; "false" passes; the finding says the default', () => {
    const subnet = (value: unknown) => (s: Construct) =>
      new Subnet(s, 'public', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' }).addOverride(
        'map_public_ip_on_launch',
        value,
      );
    expect(run('subnet-no-public-ip', subnet('false'))).toEqual([]);
    const [found] = run('subnet-no-public-ip', subnet('true'));
    expect(found).toEqual(finding('subnet-no-public-ip', 'aws_subnet.public', 'map_public_ip_on_launch'));
    expect(found.message).toBe('remove map_public_ip_on_launch (provider default false)');
  });
});

describe('sg-descriptions: what counts as a description, and the messages', () => {
  test('a described group passes; a non-string description is none; the findings say what to describe', () => {
    const found = run('sg-descriptions', s => {
      new SecurityGroup(s, 'described', { description: 'Nodes' });
      new SecurityGroup(s, 'default', { description: 'Managed by Terraform' });
      new SecurityGroup(s, 'numeric', { description: 'x' }).addOverride('description', 7);
      new VpcSecurityGroupIngressRule(s, 'rule', { securityGroupId: 'sg-1', ipProtocol: '-1', cidrIpv4: '10.0.0.0/8' });
    });
    expect(found.map(f => `${f.address} ${f.path}: ${f.message}`)).toEqual([
      'aws_security_group.default description: describe what the security group is for (the provider ' +
        'default is "Managed by Terraform")',
      'aws_security_group.numeric description: describe what the security group is for (the provider ' +
        'default is "Managed by Terraform")',
      'aws_vpc_security_group_ingress_rule.rule description: describe what the rule allows and why',
    ]);
  });
});

describe('sg-attached: the message', () => {
  test('the finding says how to attach or explain the group', () => {
    expect(run('sg-attached', s => new SecurityGroup(s, 'orphan', { description: 'x' }))[0].message).toBe(
      'attach it (launch template, cluster, endpoint) or remove it; a Karpenter-discovered group is ' +
        'suppressed with that reason',
    );
  });
});

describe('vpc-no-default-or-nat-instance: the paths and messages', () => {
  test('each finding names its fix; the default VPC is the whole resource', () => {
    const found = run('vpc-no-default-or-nat-instance', s => {
      new DefaultVpc(s, 'default');
      new Route(s, 'nat-instance', { routeTableId: 'rtb-1', destinationCidrBlock: '::/0' }).addOverride(
        'instance_id',
        'i-1',
      );
      new Route(s, 'no-destination', { routeTableId: 'rtb-1' }).addOverride('instance_id', 'i-1');
      new Eip(s, 'ip', { domain: 'vpc' });
    });
    expect(found.map(f => `${f.address} [${f.path}]: ${f.message}`)).toEqual([
      'aws_default_vpc.default []: do not use the default VPC',
      'aws_route.nat-instance [instance_id]: route the default route through a NAT gateway, not an instance',
      'aws_eip.ip []: release the unused EIP (or attach it to the NAT gateway)',
    ]);
  });
});

describe('sg-attached: one user among many resources', () => {
  test('a group used by one resource passes while other resources do not name it', () => {
    const json = {
      resource: {
        aws_security_group: { used: { description: 'x' }, orphan: { description: 'x' } },
        aws_launch_template: {
          user: { vpc_security_group_ids: ['${aws_security_group.used.id}'] },
          other: { name: 'other' },
        },
        aws_instance: { bastion: { ami: 'ami-1' } },
      },
    };
    const rule = RULES.find(r => r.name === 'sg-attached')!;
    expect(checkStack({ stack: 'test', json }, [rule]).map(f => f.address)).toEqual(['aws_security_group.orphan']);
  });
});

describe('sg-no-world-ingress: both world CIDRs in one rule', () => {
  test('the message names every world CIDR of the rule', () => {
    const [found] = run('sg-no-world-ingress', s => {
      const ingress = [
        { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] },
      ];
      new SecurityGroup(s, 'open', { description: 'x', ingress: ingress.map(r => ({ ...r, description: 'HTTPS' })) });
    });
    expect(found.message).toBe('ingress from 0.0.0.0/0, ::/0: allow a security group or a narrow CIDR instead');
  });
});
