import { ENVIRONMENTS } from '../environments';
import { CONTROL_PLANE_TO_NODE_PORTS } from '../modules/cluster/security-groups';
import { ENV_NAMES, onlyResource, realStack } from './read-helpers';
import { list, refName, resolve, Resource } from './tf-json';

const envOf = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const WORLD = ['0.0.0.0/0', '::/0'];

describe.each(ENV_NAMES)('%s-eks security groups', name => {
  const env = envOf(name);
  const id = `${name}-eks`;
  const groups = () => realStack(id).resource!.aws_security_group;
  const keyOf = (suffix: string) =>
    Object.keys(groups()).find(
      k => (groups()[k].tags as Record<string, string>).Name === `${env.cluster.name}-${suffix}`,
    )!;
  const ingress = () => list(realStack(id), 'aws_vpc_security_group_ingress_rule');
  const egress = () => list(realStack(id), 'aws_vpc_security_group_egress_rule');
  const rulesOn = (rules: Resource[], groupKey: string) => rules.filter(r => refName(r.security_group_id) === groupKey);
  const fromGroup = (rule: Resource) =>
    rule.referenced_security_group_id ? refName(rule.referenced_security_group_id) : undefined;

  test(
    'exactly one security group carries the kubernetes.io/cluster tag: the node group, also tagged for ' + 'Karpenter',
    () => {
      const tagged = Object.entries(groups()).filter(
        ([, sg]) => (sg.tags as Record<string, string>)[`kubernetes.io/cluster/${env.cluster.name}`],
      );
      expect(tagged.map(([key]) => key)).toEqual([keyOf('nodes')]);
      expect((groups()[keyOf('nodes')].tags as Record<string, string>)['karpenter.sh/discovery']).toBe(
        env.cluster.name,
      );
      expect(list(realStack(`${name}-vpc`), 'aws_security_group')).toEqual([]);
    },
  );

  test('the control-plane group is attached to the cluster, the node group to the system nodes', () => {
    const s = realStack(id);
    const cluster = onlyResource(s, 'aws_eks_cluster');
    expect((cluster.vpc_config as Resource).security_group_ids).toEqual([
      `\${aws_security_group.${keyOf('control-plane')}.id}`,
    ]);
    const template = onlyResource(s, 'aws_launch_template');
    expect(template.vpc_security_group_ids).toEqual([`\${aws_security_group.${keyOf('nodes')}.id}`]);
  });

  test('nodes reach the Kubernetes API on 443', () => {
    const rules = rulesOn(ingress(), keyOf('control-plane'));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    expect(fromGroup(rules[0])).toBe(keyOf('nodes'));
  });

  test.each([443, 8443, 9443, 10250])('the control plane reaches nodes on %i (kubelet, webhooks)', port => {
    const matching = rulesOn(ingress(), keyOf('nodes')).filter(r => r.from_port === port && r.to_port === port);
    expect(matching).toHaveLength(1);
    expect(matching[0].ip_protocol).toBe('tcp');
    expect(fromGroup(matching[0])).toBe(keyOf('control-plane'));
    const out = rulesOn(egress(), keyOf('control-plane')).filter(r => r.from_port === port);
    expect(out.map(fromGroup)).toEqual([keyOf('nodes')]);
  });

  test('nodes reach each other on every port (pods and CoreDNS across nodes)', () => {
    const self = rulesOn(ingress(), keyOf('nodes')).filter(r => fromGroup(r) === keyOf('nodes'));
    expect(self).toHaveLength(1);
    expect(self[0].ip_protocol).toBe('-1');
  });

  test('nothing else reaches the nodes: only the control plane and other nodes, no SSH', () => {
    const rules = rulesOn(ingress(), keyOf('nodes'));
    expect(rules).toHaveLength(Object.keys(CONTROL_PLANE_TO_NODE_PORTS).length + 1);
    for (const rule of rules) {
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
      expect([keyOf('nodes'), keyOf('control-plane')]).toContain(fromGroup(rule));
    }
    expect(rules.some(r => r.from_port === 22)).toBe(false);
  });

  test('no ingress rule is open to the world (CKV_AWS_24/25/260/277, AVD-AWS-0107)', () => {
    for (const rule of ingress()) expect(WORLD).not.toContain(rule.cidr_ipv4 ?? rule.cidr_ipv6);
    for (const sg of Object.values(groups())) expect(sg.ingress).toBeUndefined();
  });

  test('the only egress to the world is HTTPS from the nodes; all other egress stays in the VPC (CKV_AWS_382)', () => {
    const world = egress().filter(r => WORLD.includes((r.cidr_ipv4 ?? r.cidr_ipv6) as string));
    expect(world).toHaveLength(1);
    expect(world[0]).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    expect(refName(world[0].security_group_id)).toBe(keyOf('nodes'));
    const vpcWide = rulesOn(egress(), keyOf('nodes')).filter(
      r => r.cidr_ipv4 && !WORLD.includes(r.cidr_ipv4 as string),
    );
    expect(vpcWide.map(r => r.cidr_ipv4)).toEqual(['${data.terraform_remote_state.vpc-state.outputs.vpc_cidr}']);
  });

  test('every group and rule has a real description (CKV_AWS_23, AVD-AWS-0099/0124)', () => {
    for (const item of [...Object.values(groups()), ...ingress(), ...egress()]) {
      expect(typeof item.description).toBe('string');
      expect((item.description as string).length).toBeGreaterThan(10);
      expect(item.description).not.toBe('Managed by Terraform');
    }
  });

  test('groups live in the VPC of the vpc layer', () => {
    for (const sg of Object.values(groups()))
      expect(sg.vpc_id).toBe('${data.terraform_remote_state.vpc-state.outputs.vpc_id}');
    expect(() => resolve(realStack(id), `\${aws_security_group.${keyOf('nodes')}.id}`)).not.toThrow();
  });
});
