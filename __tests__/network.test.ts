import { ENVIRONMENTS, platform } from '../environments';
import { cidrContains, cidrsOverlap, parseCidr, planSubnets } from '../modules/network/cidr';
import { flowLogGroupName } from '../modules/network/flow-logs';
import { logsKeyPolicy } from '../modules/network/logs-kms-key';
import { AwsZone, eksAcceptsSubnetZones, resolveAvailabilityZones } from './zones-model';
import { buildTestPlatform, dataSources, ENV_NAMES, onlyResource, realStack, synth, withEnv } from './helpers';
import { list, parseJsonField, parseRef, policyStatements, refName, resolve, Resource } from './tf-json';

/** A statement of a KMS key policy as these tests read it. */
type KeyStatement = { Principal: { Service?: string }; Condition: { ArnEquals: Record<string, string[]> } };

const envOf = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const subnets = (name: string) => list(realStack(`${name}-vpc`), 'aws_subnet');
const isPublic = (s: Resource) => (s.tags as Record<string, string>)['kubernetes.io/role/elb'] === '1';
const isPrivate = (s: Resource) => (s.tags as Record<string, string>)['kubernetes.io/role/internal-elb'] === '1';
/** `${element(data.aws_availability_zones.x.names, 2)}` -> 2 */
const zoneIndex = (s: Resource) => {
  const match = /^\$\{element\(data\.aws_availability_zones\.[\w-]+\.names, (\d+)\)\}$/.exec(
    s.availability_zone as string,
  );
  if (!match) throw new Error(`availability_zone is not looked up: ${String(s.availability_zone)}`);
  return Number(match[1]);
};

describe.each(ENV_NAMES)('%s-vpc', name => {
  const env = envOf(name);
  const stack = () => realStack(`${name}-vpc`);

  test('the VPC has the seed CIDR with DNS support and hostnames', () => {
    const vpc = onlyResource(stack(), 'aws_vpc');
    expect(vpc.cidr_block).toBe({ dev: '10.0.0.0/16', prod: '10.1.0.0/16' }[name] ?? env.network.cidr);
    expect(vpc).toMatchObject({ enable_dns_support: true, enable_dns_hostnames: true });
  });

  test('exactly 3 public and 3 private subnets, each kind over 3 distinct zones', () => {
    const all = subnets(name);
    expect(all).toHaveLength(6);
    const publics = all.filter(isPublic);
    const privates = all.filter(isPrivate);
    expect(publics).toHaveLength(3);
    expect(privates).toHaveLength(3);
    expect(publics.map(zoneIndex).sort()).toEqual([0, 1, 2]);
    expect(privates.map(zoneIndex).sort()).toEqual([0, 1, 2]);
  });

  test('zones are looked up at plan time: available, regular zones only', () => {
    const zones = Object.values(dataSources(stack(), 'aws_availability_zones'));
    expect(zones).toHaveLength(1);
    expect(zones[0]).toMatchObject({
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    // element() wraps around, so the plan must fail when the region has fewer zones than azCount
    const lifecycle = zones[0].lifecycle as { postcondition: Array<{ condition: string }> };
    expect(lifecycle.postcondition[0].condition).toBe(`\${length(self.names) >= ${env.network.azCount}}`);
  });

  test('the zones EKS is given are zones EKS accepts, whichever zone IDs the account maps us-east-1a.. to', () => {
    const [zones] = Object.values(dataSources(stack(), 'aws_availability_zones'));
    // us-east-1 names map to zone IDs per account: here use1-az3 is us-east-1a, the first zone element() takes
    const region: AwsZone[] = ['use1-az3', 'use1-az1', 'use1-az2', 'use1-az4', 'use1-az5', 'use1-az6'].map(
      (zoneId, i) => ({
        name: `us-east-1${'abcdef'[i]}`,
        zoneId,
        state: 'available',
        optInStatus: 'opt-in-not-required',
      }),
    );
    const looked = resolveAvailabilityZones(region, zones);
    const used = looked.slice(0, env.network.azCount);
    expect(used).toHaveLength(env.network.azCount);
    expect(eksAcceptsSubnetZones(used)).toEqual({ accepted: true, refused: [] });
    // and the simulation does refuse what today's lookup without exclusions would pick
    expect(eksAcceptsSubnetZones(region.slice(0, env.network.azCount))).toEqual({
      accepted: false,
      refused: ['use1-az3'],
    });
  });

  test('every subnet lies inside the VPC and none overlap', () => {
    const vpc = parseCidr(env.network.cidr)!;
    const blocks = subnets(name).map(s => parseCidr(s.cidr_block as string)!);
    blocks.forEach((block, i) => {
      expect(cidrContains(vpc, block)).toBe(true);
      blocks.slice(i + 1).forEach(other => expect(cidrsOverlap(block, other)).toBe(false));
    });
  });

  test('subnets carry the load balancer and Karpenter discovery tags; no public IPs on launch', () => {
    const cluster = env.cluster.name;
    for (const s of subnets(name)) {
      const tags = s.tags as Record<string, string>;
      expect(s.map_public_ip_on_launch).toBe(false);
      expect(tags[`kubernetes.io/cluster/${cluster}`]).toBe('shared');
      if (isPrivate(s)) expect(tags['karpenter.sh/discovery']).toBe(cluster);
      else expect(tags['karpenter.sh/discovery']).toBeUndefined();
      expect(isPublic(s) !== isPrivate(s)).toBe(true);
    }
  });

  test('one NAT gateway by default, in a public subnet, with an Elastic IP; one internet gateway', () => {
    const s = stack();
    expect(list(s, 'aws_internet_gateway')).toHaveLength(1);
    const nat = onlyResource(s, 'aws_nat_gateway');
    expect(isPublic(resolve(s, nat.subnet_id))).toBe(true);
    expect(resolve(s, nat.allocation_id)).toMatchObject({ domain: 'vpc' });
    expect(list(s, 'aws_eip')).toHaveLength(1);
  });

  test('public subnets route to the internet gateway, private subnets only to the NAT gateway', () => {
    const s = stack();
    const routeTableOf = (subnetName: string) => {
      const assoc = list(s, 'aws_route_table_association').filter(a => refName(a.subnet_id) === subnetName);
      expect(assoc).toHaveLength(1);
      return refName(assoc[0].route_table_id);
    };
    const routes = list(s, 'aws_route');
    for (const [subnetName, subnet] of Object.entries(s.resource!.aws_subnet)) {
      const table = routeTableOf(subnetName);
      const defaults = routes.filter(r => refName(r.route_table_id) === table);
      expect(defaults).toHaveLength(1);
      expect(defaults[0].destination_cidr_block).toBe('0.0.0.0/0');
      const [target, type, other] = isPublic(subnet)
        ? ['gateway_id', 'aws_internet_gateway', 'nat_gateway_id']
        : ['nat_gateway_id', 'aws_nat_gateway', 'gateway_id'];
      expect(parseRef(defaults[0][target])?.type).toBe(type);
      resolve(s, defaults[0][target]);
      expect(defaults[0][other]).toBeUndefined();
    }
  });

  test('the default security group is declared with no rules (CKV2_AWS_12)', () => {
    const s = stack();
    const sg = onlyResource(s, 'aws_default_security_group');
    expect(refName(sg.vpc_id)).toBe(Object.keys(s.resource!.aws_vpc)[0]);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test(
    'flow logs capture all traffic of the VPC into an encrypted log group with retention (CKV2_AWS_11, ' +
      'CKV_AWS_158)',
    () => {
      const s = stack();
      const flowLog = onlyResource(s, 'aws_flow_log');
      expect(refName(flowLog.vpc_id)).toBe(Object.keys(s.resource!.aws_vpc)[0]);
      expect(flowLog).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
      const group = resolve(s, flowLog.log_destination);
      expect(group).toMatchObject({
        name: flowLogGroupName(env.cluster.name),
        retention_in_days: env.network.flowLogRetentionDays,
      });
      const key = resolve(s, group.kms_key_id);
      expect(key.enable_key_rotation).toBe(true);
      const logs = (parseJsonField(key, 'policy').Statement as KeyStatement[]).find(
        st => st.Principal.Service === `logs.${platform.aws.region}.amazonaws.com`,
      );
      expect(logs?.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).toEqual([
        `arn:aws:logs:${platform.aws.region}:${platform.aws.accountId}:log-group:${flowLogGroupName(env.cluster.name)}`,
      ]);
    },
  );

  test('the flow-log role is trusted only by flow logs of this account and writes only to its group', () => {
    const s = stack();
    const role = resolve(s, onlyResource(s, 'aws_flow_log').iam_role_arn);
    const [trust] = policyStatements(s, role.assume_role_policy);
    expect(trust.Principal).toEqual({ Service: ['vpc-flow-logs.amazonaws.com'] });
    expect(trust.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [platform.aws.accountId] } });
    const [write, list] = policyStatements(s, onlyResource(s, 'aws_iam_role_policy').policy);
    expect(write.Resource).toHaveLength(1);
    expect(write.Resource![0]).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*$/);
    expect(list.Action).toEqual(['logs:DescribeLogGroups']);
    expect(list.Resource).toEqual(['*']);
  });

  test('the flow-log role holds every action of the VPC user guide flow-log role, except creating the group', () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html: the role's policy for delivery
    const guide = [
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
    ];
    const s = stack();
    const granted = policyStatements(s, onlyResource(s, 'aws_iam_role_policy').policy).flatMap(st => st.Action ?? []);
    // the group is created by Terraform with its KMS key and retention; the service must not create another
    expect(guide.filter(a => !granted.includes(a))).toEqual(['logs:CreateLogGroup']);
  });

  test('the vpc layer publishes its contract', () => {
    expect(Object.keys(stack().output ?? {}).sort()).toEqual([
      'private_subnet_ids',
      'public_subnet_ids',
      'vpc_cidr',
      'vpc_id',
    ]);
  });
});

describe('NAT per availability zone', () => {
  const app = buildTestPlatform([
    withEnv(envOf('prod'), e => {
      e.network.natGateways = 'per-az';
    }),
  ]);
  const s = synth(app.environments.prod.vpc);

  test('gives three NAT gateways, one per public subnet, and each private subnet its own', () => {
    const nats = Object.entries(s.resource!.aws_nat_gateway);
    expect(nats).toHaveLength(3);
    expect(new Set(nats.map(([, nat]) => zoneIndex(resolve(s, nat.subnet_id))))).toEqual(new Set([0, 1, 2]));
    const privateRouteTargets = list(s, 'aws_route')
      .filter(r => r.nat_gateway_id)
      .map(r => refName(r.nat_gateway_id));
    expect(new Set(privateRouteTargets).size).toBe(3);
  });
});

describe('network validation and helpers', () => {
  // the props rules themselves: construct-validation.test.ts
  test('fails synth of an environment with one zone, naming the field', () => {
    expect(() =>
      buildTestPlatform([
        withEnv(envOf('dev'), e => {
          e.network.azCount = 1;
        }),
      ]),
    ).toThrow(/dev\.network\.azCount is 1/);
  });

  test('the subnet plan keeps four zones inside a /16 without overlap', () => {
    const plan = planSubnets('10.0.0.0/16', 4);
    const blocks = [...plan.public, ...plan.private].map(c => parseCidr(c)!);
    blocks.forEach((b, i) => blocks.slice(i + 1).forEach(o => expect(cidrsOverlap(b, o)).toBe(false)));
  });

  test('the logs key policy lets the account administer the key and Logs use it only for the named groups', () => {
    const policy = JSON.parse(
      logsKeyPolicy({ accountId: '123456789012', region: 'eu-west-1', logGroupNames: ['/a', '/b'] }),
    );
    expect(policy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(policy.Statement[1].Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(policy.Statement[1].Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/a',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/b',
    ]);
    expect(JSON.stringify(policy)).not.toMatch(/"Principal":"\*"|"AWS":"\*"/);
  });
});
