import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Release } from '@cdktf/provider-helm/lib/release';
import type { Construct } from 'constructs';
import { externalDnsPolicy, externalDnsValues } from '../../modules/edge/external-dns';
import { gatewayObjects } from '../../modules/edge/gateway-objects';
import { albIngress } from '../../modules/ingress-nginx/alb-ingress';
import type { RenderedObject } from '../../modules/policies/types';
import { finding, run } from './policy-helpers';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
const rendered = (objects: readonly object[]): RenderedObject[] =>
  objects.map(object => ({ installedBy: 'test/chart', object: object as RenderedObject['object'] }));
const gateway = (certificateArn?: string) =>
  rendered(
    gatewayObjects({
      appNamespaces: ['dev', 'staging'],
      securityGroup: 'sg-1',
      certificateArn,
      hostnames: ['app.example.com'],
    }),
  );
const ingress = (certificateArn?: string) =>
  rendered([
    albIngress({ name: 'alb', namespace: 'ingress-nginx', serviceName: 's', securityGroupName: 'sg', certificateArn }),
  ]);
const none = (_: Construct): void => undefined;
const tls = { requireEdgeTls: true };

describe('edge-listener-tls', () => {
  test('passes the ALB Ingress and the Gateway with a certificate (HTTP only redirects)', () => {
    expect(run('edge-listener-tls', none, { settings: tls, objects: ingress(CERT) })).toEqual([]);
    expect(run('edge-listener-tls', none, { settings: tls, objects: gateway(CERT) })).toEqual([]);
  });

  test('fails plain HTTP on an internet-facing Ingress or Gateway where TLS is required', () => {
    expect(run('edge-listener-tls', none, { settings: tls, objects: ingress() })).toEqual([
      finding(
        'edge-listener-tls',
        'Ingress.ingress-nginx/alb',
        'metadata.annotations.alb.ingress.kubernetes.io/listen-ports',
      ),
      finding(
        'edge-listener-tls',
        'Ingress.ingress-nginx/alb',
        'metadata.annotations.alb.ingress.kubernetes.io/certificate-arn',
      ),
      finding(
        'edge-listener-tls',
        'Ingress.ingress-nginx/alb',
        'metadata.annotations.alb.ingress.kubernetes.io/ssl-redirect',
      ),
    ]);
    expect(run('edge-listener-tls', none, { settings: tls, objects: gateway() })).toEqual([
      finding('edge-listener-tls', 'Gateway.gateway-system/edge', 'spec.listeners[0]'),
    ]);
  });

  test('fails an HTTPS listener without a certificate, and an HTTP route that forwards instead of redirecting', () => {
    const objects = gateway(CERT).map(o => {
      if (o.object.kind === 'LoadBalancerConfiguration') {
        return { ...o, object: { ...o.object, spec: { ...(o.object.spec as object), listenerConfigurations: [] } } };
      }
      if (o.object.kind === 'HTTPRoute') {
        return {
          ...o,
          object: {
            ...o.object,
            spec: {
              parentRefs: [{ name: 'edge', sectionName: 'http' }],
              rules: [{ backendRefs: [{ name: 'app', port: 80 }] }],
            },
          },
        };
      }
      return o;
    });
    expect(run('edge-listener-tls', none, { settings: tls, objects })).toEqual([
      finding('edge-listener-tls', 'Gateway.gateway-system/edge', 'spec.listeners[0]'),
      finding('edge-listener-tls', 'Gateway.gateway-system/edge', 'spec.listeners[1]'),
    ]);
  });

  test('an internal Gateway or Ingress, and an environment that does not require TLS, are not judged', () => {
    const internal = gateway().map(o =>
      o.object.kind === 'LoadBalancerConfiguration'
        ? { ...o, object: { ...o.object, spec: { scheme: 'internal' } } }
        : o,
    );
    expect(run('edge-listener-tls', none, { settings: tls, objects: internal })).toEqual([]);
    expect(run('edge-listener-tls', none, { settings: {}, objects: [...ingress(), ...gateway()] })).toEqual([]);
  });
});

describe('gateway-allowed-routes', () => {
  const withFrom = (namespaces: object) =>
    gateway(CERT).map(o =>
      o.object.kind === 'Gateway'
        ? {
            ...o,
            object: {
              ...o.object,
              spec: {
                ...(o.object.spec as object),
                listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: { namespaces } }],
              },
            },
          }
        : o,
    );

  test('passes Same (HTTP) and a namespace-name selector (HTTPS)', () => {
    expect(run('gateway-allowed-routes', none, { objects: gateway(CERT) })).toEqual([]);
  });

  test('fails from: All and an empty selector (it matches every namespace)', () => {
    expect(run('gateway-allowed-routes', none, { objects: withFrom({ from: 'All' }) })).toEqual([
      finding(
        'gateway-allowed-routes',
        'Gateway.gateway-system/edge',
        'spec.listeners[0].allowedRoutes.namespaces.from',
      ),
    ]);
    expect(run('gateway-allowed-routes', none, { objects: withFrom({ from: 'Selector', selector: {} }) })).toEqual([
      finding(
        'gateway-allowed-routes',
        'Gateway.gateway-system/edge',
        'spec.listeners[0].allowedRoutes.namespaces.selector',
      ),
    ]);
  });

  test('a selector with labels or expressions passes; the address names the namespace, default when unset', () => {
    expect(run('gateway-allowed-routes', none, { objects: withFrom({ from: 'Selector', selector: { matchLabels: { team: 'a' } } }) })).toEqual([]);
    const expression = { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }] };
    expect(run('gateway-allowed-routes', none, { objects: withFrom({ from: 'Selector', selector: expression }) })).toEqual([]);
    const unnamespaced = rendered([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'edge' },
        spec: { listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } }, { name: 'open', allowedRoutes: { namespaces: { from: 'All' } } }] },
      },
    ]);
    const found = run('gateway-allowed-routes', none, { objects: unnamespaced });
    expect(found).toEqual([finding('gateway-allowed-routes', 'Gateway.default/edge', 'spec.listeners[1].allowedRoutes.namespaces.from')]);
    expect(found[0].message).toBe('listener open accepts routes from every namespace: use Selector or Same');
  });
});

describe('external-dns-one-zone', () => {
  function externalDns(s: Construct, document: object, values: Record<string, unknown>): void {
    const role = new IamRole(s, 'role', { name: 'r', assumeRolePolicy: '{}' });
    new IamRolePolicy(s, 'policy', { role: role.id, name: 'p', policy: JSON.stringify(document) });
    new EksPodIdentityAssociation(s, 'association', {
      clusterName: 'c',
      namespace: 'external-dns',
      serviceAccount: 'external-dns',
      roleArn: role.arn,
    });
    new Release(s, 'release', {
      name: 'external-dns',
      chart: 'external-dns',
      version: '1.21.1',
      namespace: 'external-dns',
      values: [JSON.stringify(values)],
    });
  }
  const values = externalDnsValues({
    clusterName: 'c',
    region: 'us-east-1',
    zoneName: 'example.com',
    zoneId: 'Z0123456789ABCDEFGHIJ',
    source: 'ingress',
  });

  test('passes the platform policy and values', () => {
    expect(run('external-dns-one-zone', s => externalDns(s, externalDnsPolicy(ZONE), values))).toEqual([]);
  });

  test('fails record changes on every zone, and values without the zone filter, domain filter or owner id', () => {
    const everyZone = externalDnsPolicy('arn:aws:route53:::hostedzone/*');
    expect(run('external-dns-one-zone', s => externalDns(s, everyZone, values))).toEqual([
      finding('external-dns-one-zone', 'aws_iam_role_policy.policy', 'policy.Statement[0].Resource'),
    ]);
    const loose = { ...values, extraArgs: ['--aws-zone-type=public'], domainFilters: [], txtOwnerId: '' };
    expect(run('external-dns-one-zone', s => externalDns(s, externalDnsPolicy(ZONE), loose))).toEqual([
      finding('external-dns-one-zone', 'helm_release.release', 'values.extraArgs'),
      finding('external-dns-one-zone', 'helm_release.release', 'values.domainFilters'),
      finding('external-dns-one-zone', 'helm_release.release', 'values.txtOwnerId'),
    ]);
  });
});
