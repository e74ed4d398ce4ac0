import { ENVIRONMENTS } from '../environments';
import { albIngress } from '../modules/ingress-nginx/alb-ingress';
import { cidrContains, parseCidr, planSubnets } from '../modules/network/cidr';
import { Json, onlyAddress, ref, release, releaseValues, renderedObjects, synthesizedApp } from './addons-helpers';
import { albRouting } from './alb-ingress-routing';
import { expectChartRelease } from './chart-release';
import { buildTestPlatform, resources, synth, withEnv } from './helpers';

const envOf = (name: string) => ENVIRONMENTS.find(e => e.name === name)!;
const stackOf = (name: string) => synthesizedApp().stack(`${name}-addons`);
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const WAF = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/abcd';

describe.each(['dev', 'prod'])('%s ingress-nginx', name => {
  const env = envOf(name);

  test('release: chart ingress-nginx 4.15.1 from kubernetes.github.io, atomic, timeout, after the NodePool', () => {
    const stack = stackOf(name);
    const rel = release(stack, 'ingress-nginx');
    expectChartRelease(
      rel,
      { repository: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1' },
      { atomic: true },
    );
    expect(releaseValues(rel).namespaceOverride).toBe('ingress-nginx');
    expect(rel.timeout).toBeGreaterThan(0);
    expect(rel.depends_on).toContain(onlyAddress(stack, 'helm_release', r => r.name === 'karpenter-nodepools'));
  });

  test('values: NodePort with the fixed ports, replicas and resources from the environment, IngressClass nginx', () => {
    const controller = releaseValues(release(stackOf(name), 'ingress-nginx')).controller as Json;
    expect(controller.service).toEqual({
      type: 'NodePort',
      nodePorts: { http: env.ingress.nodePorts.http, https: env.ingress.nodePorts.https },
    });
    expect(controller.replicaCount).toBe(name === 'dev' ? 1 : 2);
    expect(controller.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(controller.ingressClass).toBe('nginx');
    expect(controller.ingressClassResource).toMatchObject({
      name: 'nginx',
      enabled: true,
      controllerValue: 'k8s.io/ingress-nginx',
    });
    // ingress-nginx runs on Karpenter capacity, not on the tainted system nodes
    expect(controller.tolerations).toBeUndefined();
  });

  test('zone spread and a PodDisruptionBudget exactly when replicated', () => {
    const controller = releaseValues(release(stackOf(name), 'ingress-nginx')).controller as Json;
    expect(controller.minAvailable).toBe(1); // the chart renders the PDB only for replicaCount > 1
    const spread = controller.topologySpreadConstraints as Json[];
    if (env.ingress.replicas > 1) {
      expect(spread).toEqual([
        expect.objectContaining({
          topologyKey: 'topology.kubernetes.io/zone',
          maxSkew: 1,
          labelSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/component': 'controller' }) },
        }),
      ]);
    } else {
      expect(spread).toEqual([]);
    }
  });

  test(
    'the ALB Ingress: class alb, internet-facing, instance targets, /healthz, our security group, backend = ' +
      'controller Service port 80',
    () => {
      const [ingress] = renderedObjects(`${name}-addons`, 'ingress-alb') as (Json & { metadata: Json; spec: Json })[];
      expect(ingress).toMatchObject({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { namespace: 'ingress-nginx' },
      });
      const common = {
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/target-type': 'instance',
        'alb.ingress.kubernetes.io/healthcheck-path': '/healthz',
        'alb.ingress.kubernetes.io/security-groups': `${env.cluster.name}-alb`,
        'alb.ingress.kubernetes.io/manage-backend-security-group-rules': 'false',
      };
      if (env.ingress.domain === undefined) {
        // dev ships without a domain: HTTP only, no DNS
        expect(ingress.metadata.annotations).toEqual({
          ...common,
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80}]',
        });
      } else {
        // prod ships a domain: HTTPS with the validated certificate (filled at apply), HTTP redirects, external-dns
        // names
        expect(ingress.metadata.annotations).toEqual({
          ...common,
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
          'alb.ingress.kubernetes.io/certificate-arn': '@@certificateArn@@',
          'alb.ingress.kubernetes.io/ssl-redirect': '443',
          'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          'external-dns.alpha.kubernetes.io/hostname': env.ingress.domain.hostnames.join(','),
        });
      }
      // the ALB the controller builds from the spec: every path, any host, to the controller Service's port 80
      expect(albRouting(ingress.spec)).toEqual({
        ingressClass: 'alb',
        defaultAction: { fixedResponse: 404 },
        rules: [{ pathPatterns: ['/*'], forward: { service: 'ingress-nginx-controller', port: 80 } }],
      });
    },
  );

  test('the Ingress release comes after both controllers, so destroy removes the ALB first', () => {
    const stack = stackOf(name);
    const rel = release(stack, 'ingress-alb');
    expect(rel.repository).toBeUndefined();
    expect(rel.depends_on).toEqual(
      expect.arrayContaining([
        onlyAddress(stack, 'helm_release', r => r.name === 'aws-load-balancer-controller'),
        onlyAddress(stack, 'helm_release', r => r.name === 'ingress-nginx'),
      ]),
    );
  });

  test(
    'ALB security group in the cluster VPC: HTTP from the internet, egress and node access only on the two ' +
      'NodePorts',
    () => {
      const stack = stackOf(name);
      const sg = onlyAddress(stack, 'aws_security_group');
      const group = resources(stack, 'aws_security_group')[sg.split('.')[1]];
      expect(group).toMatchObject({ name: `${env.cluster.name}-alb`, tags: { Name: `${env.cluster.name}-alb` } });
      expect(group.vpc_id).toMatch(/outputs\.vpc_id\}$/);
      expect(group.ingress).toBeUndefined();
      const ingress = Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule'));
      const egress = Object.values(resources(stack, 'aws_vpc_security_group_egress_rule'));
      const ports = [env.ingress.nodePorts.http, env.ingress.nodePorts.https].sort();
      const listeners = env.ingress.domain === undefined ? [80] : [443, 80];
      expect(
        ingress.filter(r => r.security_group_id === ref(sg, 'id')).map(r => [r.cidr_ipv4, r.from_port, r.to_port]),
      ).toEqual(listeners.map(p => ['0.0.0.0/0', p, p]));
      expect(egress.map(r => [r.security_group_id, r.referenced_security_group_id, r.from_port, r.to_port])).toEqual(
        ports.map(p => [ref(sg, 'id'), expect.stringMatching(/outputs\.node_security_group_id\}$/), p, p]),
      );
      const toNodes = ingress.filter(r => r.referenced_security_group_id === ref(sg, 'id'));
      expect(toNodes.map(r => [r.security_group_id, r.ip_protocol, r.from_port, r.to_port])).toEqual(
        ports.map(p => [expect.stringMatching(/outputs\.node_security_group_id\}$/), 'tcp', p, p]),
      );
      for (const rule of [...ingress, ...egress, group]) expect(String(rule.description).length).toBeGreaterThan(10);
    },
  );
});

test('prod as shipped is HTTPS-only: an HTTPS listener with a certificate, and HTTP redirects to it', () => {
  const [ingress] = renderedObjects('prod-addons', 'ingress-alb') as (Json & { metadata: Json })[];
  const annotations = ingress.metadata.annotations as Json;
  expect(JSON.parse(String(annotations['alb.ingress.kubernetes.io/listen-ports']))).toEqual([
    { HTTP: 80 },
    { HTTPS: 443 },
  ]);
  expect(annotations['alb.ingress.kubernetes.io/ssl-redirect']).toBe('443');
  expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toEqual(expect.any(String));
});

describe('ingress with a certificate and a WAF', () => {
  test('the Ingress adds HTTPS, the redirect and the web ACL', () => {
    const ingress = albIngress({
      name: 'i',
      namespace: 'n',
      serviceName: 's',
      securityGroupName: 'sg',
      certificateArn: CERT,
      wafAclArn: WAF,
    });
    expect((ingress.metadata as Json).annotations).toMatchObject({
      'alb.ingress.kubernetes.io/certificate-arn': CERT,
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/wafv2-acl-arn': WAF,
    });
  });

  test('the environment settings reach the rendered Ingress and open 443 on the ALB group', () => {
    const dev = withEnv(ENVIRONMENTS[0], e => {
      e.ingress.certificateArn = CERT;
      e.ingress.wafAclArn = WAF;
    });
    const built = buildTestPlatform([dev]);
    const annotations = (built.environments.dev.addons.ingressNginx!.alb.objects[0].metadata as Json)
      .annotations as Json;
    // the chart file holds a marker; the release values fill it with the configured ARN
    expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe('@@certificateArn@@');
    expect(annotations['alb.ingress.kubernetes.io/wafv2-acl-arn']).toBe(WAF);
    const stack = synth(built.environments.dev.addons);
    expect(releaseValues(release(stack, 'ingress-alb'))).toEqual({ substitutions: { certificateArn: CERT } });
    // no domain: no certificate of our own and no external-dns
    expect(resources(stack, 'aws_acm_certificate')).toEqual({});
    expect(Object.values(resources(stack, 'helm_release')).map(r => r.name)).not.toContain('external-dns');
    const open = Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule')).filter(
      r => r.cidr_ipv4 === '0.0.0.0/0',
    );
    expect(open.map(r => r.from_port).sort()).toEqual([443, 80]);
  });

  test('without them, no certificate, redirect or WAF annotation', () => {
    const ingress = albIngress({ name: 'i', namespace: 'n', serviceName: 's', securityGroupName: 'sg' });
    const keys = Object.keys((ingress.metadata as Json).annotations as Json);
    expect(keys.filter(k => /certificate-arn|ssl-redirect|wafv2-acl-arn/.test(k))).toEqual([]);
  });
});

/**
 * nginx's realip module as ingress-nginx configures it with use-forwarded-headers (ngx_http_realip_module,
 * real_ip_header X-Forwarded-For, real_ip_recursive on): the client address is taken from X-Forwarded-For only when
 * the peer is inside a `set_real_ip_from` network, which is `proxy-real-ip-cidr` (ingress-nginx's default 0.0.0.0/0,
 * configmap docs). Recursive: the rightmost address not itself trusted.
 */
function clientAddress(config: Json, peer: string, forwardedFor: string[]): string {
  const trusted = String(config['proxy-real-ip-cidr'] ?? '0.0.0.0/0')
    .split(',')
    .map(c => parseCidr(c.trim())!);
  const isTrusted = (ip: string) => trusted.some(t => cidrContains(t, parseCidr(`${ip}/32`)!));
  if (config['use-forwarded-headers'] !== 'true' || !isTrusted(peer)) return peer;
  for (const hop of [...forwardedFor].reverse()) if (!isTrusted(hop)) return hop;
  return forwardedFor[0] ?? peer;
}

describe.each(['dev', 'prod'])('%s ingress-nginx trusts X-Forwarded-For only from the load balancer network', name => {
  const env = envOf(name);
  const config = () => (releaseValues(release(stackOf(name), 'ingress-nginx')).controller as Json).config as Json;

  test('proxy-real-ip-cidr is the VPC CIDR, never the whole internet', () => {
    expect(config()['proxy-real-ip-cidr']).toBe(env.network.cidr);
    expect(config()['use-forwarded-headers']).toBe('true');
  });

  test('a forged header from an internet peer is ignored; the ALB (in a public subnet) is believed', () => {
    const albAddress = planSubnets(env.network.cidr, env.network.azCount).public[0].replace(/\.\d+\/\d+$/, '.10');
    expect(clientAddress(config(), '203.0.113.9', ['10.0.0.1'])).toBe('203.0.113.9');
    expect(clientAddress(config(), albAddress, ['198.51.100.7'])).toBe('198.51.100.7');
    // and the chart default would have believed the forgery
    expect(clientAddress({ 'use-forwarded-headers': 'true' }, '203.0.113.9', ['10.0.0.1'])).toBe('10.0.0.1');
  });
});
