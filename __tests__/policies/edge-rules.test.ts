import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Release, ReleaseConfig } from '@cdktf/provider-helm/lib/release';
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

  describe('a Gateway', () => {
    const config = (namespace = 'gw', name = 'lbc') => ({
      apiVersion: 'gateway.k8s.aws/v1beta1',
      kind: 'LoadBalancerConfiguration',
      metadata: { name, namespace },
      spec: {
        scheme: 'internet-facing',
        listenerConfigurations: [{ protocolPort: 'HTTPS:443', defaultCertificate: CERT }],
      },
    });
    const listener = (name: string, protocol: string, port: number, from = 'Same') => ({
      name,
      protocol,
      port,
      allowedRoutes: { namespaces: { from } },
    });
    const edge = (...listeners: object[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'gw' },
      spec: { infrastructure: { parametersRef: { name: 'lbc' } }, listeners },
    });
    const route = (rules: object[], parentRef: object = { name: 'edge', sectionName: 'http' }, namespace = 'gw') => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'route', namespace },
      spec: { parentRefs: [parentRef], rules },
    });
    const redirect = { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] };
    const forward = { backendRefs: [{ name: 'app', port: 80 }] };
    const paths = (...objects: object[]) =>
      run('edge-listener-tls', none, { settings: tls, objects: rendered(objects) }).map(f => f.path);
    const both = edge(listener('http', 'HTTP', 80), listener('https', 'HTTPS', 443));

    test('passes HTTPS with its certificate and an HTTP listener whose routes only redirect to https', () => {
      expect(paths(config(), both, route([redirect]))).toEqual([]);
      expect(paths(config(), both)).toEqual([]);
    });

    test('is judged only with its own internet-facing LoadBalancerConfiguration', () => {
      const plain = edge(listener('http', 'HTTP', 80));
      expect(paths(config('other'), plain, route([forward]))).toEqual([]);
      expect(paths(config('gw', 'other'), plain, route([forward]))).toEqual([]);
    });

    test('an HTTPS listener needs a certificate for its own port', () => {
      const found = run('edge-listener-tls', none, {
        settings: tls,
        objects: rendered([config(), edge(listener('alt', 'HTTPS', 8443))]),
      });
      expect(found.map(f => f.message)).toEqual([
        'listener alt: no defaultCertificate for HTTPS:8443 in LoadBalancerConfiguration lbc',
      ]);
      const empty = {
        ...config(),
        spec: {
          scheme: 'internet-facing',
          listenerConfigurations: [{ protocolPort: 'HTTPS:443', defaultCertificate: '' }],
        },
      };
      expect(paths(empty, edge(listener('https', 'HTTPS', 443)))).toEqual(['spec.listeners[0]']);
    });

    test('plain HTTP fails when it takes other namespaces or any route that does more than redirect to https', () => {
      expect(paths(config(), edge(listener('http', 'HTTP', 80, 'All')), route([redirect]))).toEqual([
        'spec.listeners[0]',
      ]);
      const failing = [
        [forward],
        [redirect, forward],
        [{ ...redirect, ...forward }],
        [{ filters: [] }],
        [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'http' } }] }],
        [{ filters: [{ type: 'URLRewrite', requestRedirect: { scheme: 'https' } }] }],
        [{ filters: [...redirect.filters, { type: 'RequestHeaderModifier' }] }],
      ];
      for (const rules of failing) expect(paths(config(), both, route(rules))).toEqual(['spec.listeners[0]']);
      expect(paths(config(), both, route([forward], { name: 'edge' }))).toEqual(['spec.listeners[0]']);
      const [message] = run('edge-listener-tls', none, {
        settings: tls,
        objects: rendered([config(), both, route([forward])]),
      }).map(f => f.message);
      expect(message).toBe(
        "listener http serves plain HTTP on the internet: accept only this namespace's redirect to https",
      );
    });

    test("routes of another namespace, Gateway or listener are not this listener's", () => {
      expect(paths(config(), both, route([forward], { name: 'edge', sectionName: 'http' }, 'apps'))).toEqual([]);
      expect(paths(config(), both, route([forward], { name: 'other', sectionName: 'http' }))).toEqual([]);
      expect(paths(config(), both, route([forward], { name: 'edge', sectionName: 'https' }))).toEqual([]);
    });

    test('a listener of another protocol is refused on an ALB', () => {
      const found = run('edge-listener-tls', none, {
        settings: tls,
        objects: rendered([config(), edge(listener('raw', 'TCP', 9000))]),
      });
      expect(found.map(f => f.message)).toEqual(['listener raw (TCP) is not HTTP or HTTPS on an ALB']);
    });
  });

  describe('an ALB Ingress', () => {
    const alb = (annotations: Record<string, string>, namespace?: string) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'alb',
        namespace,
        annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', ...annotations },
      },
    });
    const found = (annotations: Record<string, string>, namespace?: string) =>
      run('edge-listener-tls', none, { settings: tls, objects: rendered([alb(annotations, namespace)]) });
    const a = (name: string) => `alb.ingress.kubernetes.io/${name}`;

    test('passes HTTPS only, or HTTP that redirects; internal ALBs are not judged', () => {
      expect(found({ [a('listen-ports')]: '[{"HTTPS":443}]', [a('certificate-arn')]: CERT })).toEqual([]);
      expect(
        found({
          [a('listen-ports')]: '[{"HTTP":80},{"HTTPS":443}]',
          [a('certificate-arn')]: CERT,
          [a('ssl-redirect')]: '443',
        }),
      ).toEqual([]);
      expect(found({ [a('scheme')]: 'internal' })).toEqual([]);
    });

    test('listens on HTTP 80 by default; unreadable ports and an empty certificate fail', () => {
      expect(found({}, 'web').map(f => `${f.address} ${f.path}`)).toEqual([
        `Ingress.web/alb metadata.annotations.${a('listen-ports')}`,
        `Ingress.web/alb metadata.annotations.${a('certificate-arn')}`,
        `Ingress.web/alb metadata.annotations.${a('ssl-redirect')}`,
      ]);
      expect(found({ [a('listen-ports')]: '[{"HTTPS":443}' }).map(f => `${f.address} ${f.message}`)).toEqual([
        'Ingress.default/alb listen-ports is not JSON',
      ]);
      expect(found({ [a('listen-ports')]: '[{"HTTPS":443}]', [a('certificate-arn')]: '' }).map(f => f.path)).toEqual([
        `metadata.annotations.${a('certificate-arn')}`,
      ]);
    });
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
    expect(
      run('gateway-allowed-routes', none, {
        objects: withFrom({ from: 'Selector', selector: { matchLabels: { team: 'a' } } }),
      }),
    ).toEqual([]);
    const expression = { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }] };
    expect(
      run('gateway-allowed-routes', none, { objects: withFrom({ from: 'Selector', selector: expression }) }),
    ).toEqual([]);
    const unnamespaced = rendered([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'edge' },
        spec: {
          listeners: [
            { name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } },
            { name: 'open', allowedRoutes: { namespaces: { from: 'All' } } },
          ],
        },
      },
    ]);
    const found = run('gateway-allowed-routes', none, { objects: unnamespaced });
    expect(found).toEqual([
      finding('gateway-allowed-routes', 'Gateway.default/edge', 'spec.listeners[1].allowedRoutes.namespaces.from'),
    ]);
    expect(found[0].message).toBe('listener open accepts routes from every namespace: use Selector or Same');
  });
});

describe('external-dns-one-zone', () => {
  /** `app`'s chart released with `values`, and a role with `document` for its service account (`<app>/<app>`). */
  function appWithRole(s: Construct, app: string, document: object, release: Partial<ReleaseConfig>): void {
    const role = new IamRole(s, 'role', { name: 'r', assumeRolePolicy: '{}' });
    new IamRolePolicy(s, 'policy', { role: role.id, name: 'p', policy: JSON.stringify(document) });
    new EksPodIdentityAssociation(s, 'association', {
      clusterName: 'c',
      namespace: app,
      serviceAccount: app,
      roleArn: role.arn,
    });
    new Release(s, 'release', { name: app, chart: app, namespace: app, ...release });
  }
  function externalDns(s: Construct, document: object, values: Record<string, unknown>): void {
    appWithRole(s, 'external-dns', document, { version: '1.21.1', values: [JSON.stringify(values)] });
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

  const changes = (statement: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', ...statement }],
  });
  const resourcePaths = (document: object) =>
    run('external-dns-one-zone', s => externalDns(s, document, values)).map(f => f.path);

  test('every record-changing action is held to one zone ARN; reads and Denies are not', () => {
    for (const action of [
      'route53:ChangeResourceRecordSets',
      'route53:CreateHostedZone',
      'route53:DeleteHostedZone',
      'route53:*',
    ]) {
      expect(resourcePaths(changes({ Action: action, Resource: '*' }))).toEqual(['policy.Statement[0].Resource']);
    }
    expect(resourcePaths(changes({ Action: 'route53:ListHostedZones', Resource: '*' }))).toEqual([]);
    expect(
      resourcePaths({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'route53:ChangeResourceRecordSets', Resource: '*' }],
      }),
    ).toEqual([]);
  });

  test('one zone means exactly one hosted zone ARN, without wildcards, and no NotResource', () => {
    const change = (resource: Record<string, unknown>) =>
      resourcePaths(changes({ Action: 'route53:ChangeResourceRecordSets', ...resource }));
    expect(change({ Resource: [ZONE] })).toEqual([]);
    expect(change({ Resource: 'arn:aws-cn:route53:::hostedzone/Z1' })).toEqual([]);
    expect(change({ Resource: [ZONE, 'arn:aws:route53:::hostedzone/Z2'] })).toEqual(['policy.Statement[0].Resource']);
    expect(change({ Resource: 'arn:aws:route53:::hostedzone/Z?' })).toEqual(['policy.Statement[0].Resource']);
    expect(change({ Resource: 'arn:aws:route53:::change/C1' })).toEqual(['policy.Statement[0].Resource']);
    expect(change({ Resource: [ZONE], NotResource: 'arn:aws:route53:::hostedzone/Z2' })).toEqual([
      'policy.Statement[0].Resource',
    ]);
    expect(change({ NotResource: ZONE })).toEqual(['policy.Statement[0].Resource']);
    const [wide] = run('external-dns-one-zone', s =>
      externalDns(s, changes({ Action: 'route53:ChangeResourceRecordSets', Resource: '*' }), values),
    );
    expect(wide.message).toBe(
      'Route 53 changes on ["*"]: allow them on one arn:<partition>:route53:::hostedzone/<id> only',
    );
  });

  test('the chart needs a non-empty zone filter, exactly one domain filter and the txt registry', () => {
    const valuePaths = (overrides: Record<string, unknown>) =>
      run('external-dns-one-zone', s => externalDns(s, externalDnsPolicy(ZONE), { ...values, ...overrides })).map(
        f => f.path,
      );
    expect(valuePaths({ extraArgs: ['--zone-id-filter='] })).toEqual(['values.extraArgs']);
    expect(valuePaths({ domainFilters: ['example.com', 'example.org'] })).toEqual(['values.domainFilters']);
    expect(valuePaths({ registry: 'noop' })).toEqual(['values.txtOwnerId']);
    expect(valuePaths({ txtOwnerId: undefined })).toEqual(['values.txtOwnerId']);
  });

  test("another service account's role and another chart are not judged", () => {
    const other = (s: Construct) =>
      appWithRole(s, 'cert-manager', changes({ Action: 'route53:*', Resource: '*' }), { values: ['{}'] });
    expect(run('external-dns-one-zone', other)).toEqual([]);
  });
});

describe('edge-listener-tls findings and defaults', () => {
  const a = (name: string) => `alb.ingress.kubernetes.io/${name}`;
  const said = (...objects: object[]) =>
    run('edge-listener-tls', none, { settings: tls, objects: rendered(objects) }).map(
      f => `${f.address} ${f.path}: ${f.message}`,
    );
  const alb = (annotations: Record<string, string>) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'alb', namespace: 'web', annotations: { [a('scheme')]: 'internet-facing', ...annotations } },
  });

  test('each Ingress finding says what to add', () => {
    expect(said(alb({}))).toEqual([
      `Ingress.web/alb metadata.annotations.${a('listen-ports')}: add an HTTPS listener (and a certificate)`,
      `Ingress.web/alb metadata.annotations.${a('certificate-arn')}: set the ACM certificate of the HTTPS listener`,
      `Ingress.web/alb metadata.annotations.${a('ssl-redirect')}: HTTP must only redirect to HTTPS: set ssl-redirect`,
    ]);
  });

  test('listen-ports that are JSON but not a list hold no HTTPS listener; non-object entries are ignored', () => {
    const paths = (ports: string) =>
      said(alb({ [a('listen-ports')]: ports, [a('certificate-arn')]: CERT })).map(f => f.split(':')[0]);
    expect(paths('{"HTTPS":443}')).toEqual([`Ingress.web/alb metadata.annotations.${a('listen-ports')}`]);
    expect(paths('[null,443,{"HTTPS":443}]')).toEqual([]);
    expect(paths('[{"HTTPS":443},{"HTTP":8080}]')).toEqual([
      `Ingress.web/alb metadata.annotations.${a('ssl-redirect')}`,
    ]);
  });

  test('an Ingress without annotations, and other kinds, are not judged', () => {
    expect(said({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'bare' } })).toEqual([]);
    expect(
      said({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'svc', annotations: { [a('scheme')]: 'internet-facing' } },
      }),
    ).toEqual([]);
  });

  // Gateway API: allowedRoutes.namespaces.from defaults to Same
  // (https://gateway-api.sigs.k8s.io/reference/spec/#routenamespaces)
  const config = (namespace?: string) => ({
    apiVersion: 'gateway.k8s.aws/v1beta1',
    kind: 'LoadBalancerConfiguration',
    metadata: { name: 'lbc', ...(namespace ? { namespace } : {}) },
    spec: {
      scheme: 'internet-facing',
      listenerConfigurations: [{ protocolPort: 'HTTPS:443', defaultCertificate: CERT }],
    },
  });
  const edge = (listeners: object[], namespace?: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', ...(namespace ? { namespace } : {}) },
    spec: { infrastructure: { parametersRef: { name: 'lbc' } }, listeners },
  });
  const redirectRoute = (namespace?: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'redirect', ...(namespace ? { namespace } : {}) },
    spec: {
      parentRefs: [{ name: 'edge', sectionName: 'http' }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] }],
    },
  });

  test('an HTTP listener without allowedRoutes takes its own namespace only (the default): redirects pass', () => {
    expect(said(config('gw'), edge([{ name: 'http', protocol: 'HTTP', port: 80 }], 'gw'), redirectRoute('gw'))).toEqual(
      [],
    );
  });

  test('a Gateway and its configuration without a namespace are judged under default', () => {
    const https = { name: 'alt', protocol: 'HTTPS', port: 8443 };
    expect(said(config(), edge([https]))).toEqual([
      'Gateway.default/edge spec.listeners[0]: ' +
        'listener alt: no defaultCertificate for HTTPS:8443 in LoadBalancerConfiguration lbc',
    ]);
    expect(said(config(), edge([{ name: 'http', protocol: 'HTTP', port: 80 }]), redirectRoute())).toEqual([]);
  });

  test('a Gateway without a configuration or without listeners is not judged', () => {
    expect(said(edge([{ name: 'http', protocol: 'HTTP', port: 80 }]))).toEqual([]);
    expect(
      said(config('gw'), { ...edge([], 'gw'), spec: { infrastructure: { parametersRef: { name: 'lbc' } } } }),
    ).toEqual([]);
  });
});

describe('external-dns-one-zone findings and edges', () => {
  function release(s: Construct, valueDocuments?: string[]): void {
    new Release(s, 'release', {
      name: 'external-dns',
      chart: 'external-dns',
      version: '1.21.1',
      namespace: 'external-dns',
      values: valueDocuments,
    });
  }
  const platformValues = externalDnsValues({
    clusterName: 'c',
    region: 'us-east-1',
    zoneName: 'example.com',
    zoneId: 'Z0123456789ABCDEFGHIJ',
    source: 'ingress',
  });
  const said = (valueDocuments?: string[]) =>
    run('external-dns-one-zone', s => release(s, valueDocuments)).map(f => `${f.address} ${f.path}: ${f.message}`);
  const allThree = [
    'helm_release.release values.extraArgs: add --zone-id-filter=<zone id>: the one zone it may change',
    'helm_release.release values.domainFilters: set domainFilters to the one zone name',
    'helm_release.release values.txtOwnerId: use registry txt with a txtOwnerId per cluster',
  ];

  test('a release without values, or with unreadable or non-object values, is told all three settings', () => {
    expect(said(undefined)).toEqual(allThree);
    expect(said(['extraArgs: [unclosed'])).toEqual(allThree);
    expect(said(['just a string', '- a list'])).toEqual(allThree);
  });

  test('values documents are merged in order; an unreadable one does not hide the others', () => {
    expect(said(['extraArgs: [unclosed', JSON.stringify(platformValues)])).toEqual([]);
    const { txtOwnerId, ...withoutOwner } = platformValues as Record<string, unknown>;
    expect(said([JSON.stringify(withoutOwner), JSON.stringify({ txtOwnerId })])).toEqual([]);
    expect(said([JSON.stringify(platformValues), JSON.stringify({ registry: 'noop' })])).toEqual([allThree[2]]);
  });

  test('the zone filter flag must be a whole argument with a value', () => {
    const args = (extraArgs: string[]) => said([JSON.stringify({ ...platformValues, extraArgs })]);
    expect(args(['--zone-id-filter=Z0123456789ABCDEFGHIJ'])).toEqual([]);
    expect(args(['--no--zone-id-filter=Z1'])).toEqual([allThree[0]]);
    expect(args(['--zone-id-filter'])).toEqual([allThree[0]]);
  });

  test('a zone ARN must be the whole resource, in any AWS partition', () => {
    const change = (Resource: string) =>
      run('external-dns-one-zone', s => {
        const role = new IamRole(s, 'role', { name: 'r', assumeRolePolicy: '{}' });
        const document = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource }],
        };
        new IamRolePolicy(s, 'policy', { role: role.id, name: 'p', policy: JSON.stringify(document) });
        new EksPodIdentityAssociation(s, 'association', {
          clusterName: 'c',
          namespace: 'external-dns',
          serviceAccount: 'external-dns',
          roleArn: role.arn,
        });
      }).map(f => f.path);
    expect(change('arn:aws-us-gov:route53:::hostedzone/Z1')).toEqual([]);
    expect(change(`x${ZONE}`)).toEqual(['policy.Statement[0].Resource']);
    expect(change('arn:aws:route53:::hostedzone/Z1*')).toEqual(['policy.Statement[0].Resource']);
    expect(change('arn:aws:route53:::hostedzone/')).toEqual(['policy.Statement[0].Resource']);
  });
});

describe('edge-listener-tls and GRPCRoutes', () => {
  // The load balancer controller serves GRPCRoutes on an ALB Gateway as well as HTTPRoutes (LBC >= 2.14:
  // https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/gateway/gateway/), and a GRPCRoute
  // has no RequestRedirect filter (https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutefilter): on the HTTP
  // listener it can only serve plain gRPC to the internet.
  const config = {
    apiVersion: 'gateway.k8s.aws/v1beta1',
    kind: 'LoadBalancerConfiguration',
    metadata: { name: 'lbc', namespace: 'gw' },
    spec: {
      scheme: 'internet-facing',
      listenerConfigurations: [{ protocolPort: 'HTTPS:443', defaultCertificate: CERT }],
    },
  };
  const gatewayOf = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'gw' },
    spec: {
      infrastructure: { parametersRef: { name: 'lbc' } },
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
        { name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: { namespaces: { from: 'Same' } } },
      ],
    },
  };
  const grpc = (sectionName: string, rules: object[]) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name: 'api', namespace: 'gw' },
    spec: { parentRefs: [{ name: 'edge', sectionName }], rules },
  });
  const paths = (...objects: object[]) =>
    run('edge-listener-tls', none, { settings: tls, objects: rendered(objects) }).map(f => f.path);

  test('a GRPCRoute on the HTTP listener fails, whatever its rules; on the HTTPS listener it passes', () => {
    const forward = [{ backendRefs: [{ name: 'api', port: 50051 }] }];
    expect(paths(config, gatewayOf, grpc('http', forward))).toEqual(['spec.listeners[0]']);
    const redirect = [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] }];
    expect(paths(config, gatewayOf, grpc('http', redirect))).toEqual(['spec.listeners[0]']);
    expect(paths(config, gatewayOf, grpc('https', forward))).toEqual([]);
  });

  test('other route kinds of the namespace are not attached to an ALB listener', () => {
    const tcp = { ...grpc('http', [{ backendRefs: [{ name: 'db', port: 5432 }] }]), kind: 'TCPRoute' };
    expect(paths(config, gatewayOf, tcp)).toEqual([]);
  });
});

describe('external-dns-one-zone and unreadable documents', () => {
  test('a document only Terraform can evaluate is left to policy-document-readable', () => {
    const unreadable = (s: Construct) => {
      const role = new IamRole(s, 'role', { name: 'r', assumeRolePolicy: '{}' });
      const policy = '${jsonencode({ Statement = [{ Effect = "Allow", Action = "route53:*", Resource = "*" }] })}';
      new IamRolePolicy(s, 'policy', { role: role.id, name: 'p', policy });
      new EksPodIdentityAssociation(s, 'association', {
        clusterName: 'c',
        namespace: 'external-dns',
        serviceAccount: 'external-dns',
        roleArn: role.arn,
      });
    };
    expect(run('external-dns-one-zone', unreadable)).toEqual([]);
    expect(run('policy-document-readable', unreadable).map(f => f.address)).toEqual(['aws_iam_role_policy.policy']);
  });
});

describe('edge-listener-tls paths and route attachment', () => {
  const a = (name: string) => `alb.ingress.kubernetes.io/${name}`;

  test('unreadable listen-ports are reported on the listen-ports annotation', () => {
    const alb = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'alb',
        annotations: { [a('scheme')]: 'internet-facing', [a('listen-ports')]: '[{"HTTPS":443}' },
      },
    };
    const found = run('edge-listener-tls', none, { settings: tls, objects: rendered([alb]) });
    expect(found.map(f => `${f.address} ${f.path}`)).toEqual([
      `Ingress.default/alb metadata.annotations.${a('listen-ports')}`,
    ]);
  });

  test('a route attached to the HTTP listener by any one of its parentRefs is judged', () => {
    const config = {
      apiVersion: 'gateway.k8s.aws/v1beta1',
      kind: 'LoadBalancerConfiguration',
      metadata: { name: 'lbc', namespace: 'gw' },
      spec: { scheme: 'internet-facing' },
    };
    const gw = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'gw' },
      spec: {
        infrastructure: { parametersRef: { name: 'lbc' } },
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
      },
    };
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'app', namespace: 'gw' },
      spec: {
        parentRefs: [{ name: 'internal' }, { name: 'edge', sectionName: 'http' }],
        rules: [{ backendRefs: [{ name: 'app', port: 80 }] }],
      },
    };
    const found = run('edge-listener-tls', none, { settings: tls, objects: rendered([config, gw, route]) });
    expect(found.map(f => f.path)).toEqual(['spec.listeners[0]']);
  });
});

describe('edge-listener-tls: only a Gateway configured by a LoadBalancerConfiguration is judged', () => {
  // an internet-facing configuration of the Gateway's name, and a Gateway with a plain TCP listener, each of a kind
  const edge = (configKind: string, configApi: string, gatewayKind: string, gatewayApi: string) =>
    rendered([
      {
        apiVersion: configApi,
        kind: configKind,
        metadata: { name: 'lbc', namespace: 'gw' },
        spec: { scheme: 'internet-facing' },
      },
      {
        apiVersion: gatewayApi,
        kind: gatewayKind,
        metadata: { name: 'edge', namespace: 'gw' },
        spec: {
          infrastructure: { parametersRef: { name: 'lbc' } },
          listeners: [{ name: 'raw', protocol: 'TCP', port: 9000 }],
        },
      },
    ]);

  test.each([
    // IngressClassParams (the Ingress side's parameters) also carries spec.scheme; it does not configure a Gateway
    [
      'an IngressClassParams does not configure a Gateway',
      ...['IngressClassParams', 'elbv2.k8s.aws/v1beta1', 'Gateway', 'gateway.networking.k8s.io/v1'],
    ],
    [
      'another kind shaped like a Gateway is not judged',
      ...['LoadBalancerConfiguration', 'gateway.k8s.aws/v1beta1', 'GatewayTemplate', 'example.com/v1'],
    ],
  ])('%s', (_, configKind, configApi, gatewayKind, gatewayApi) => {
    const objects = edge(configKind, configApi, gatewayKind, gatewayApi);
    expect(run('edge-listener-tls', none, { settings: tls, objects })).toEqual([]);
  });

  test('the same Gateway under a LoadBalancerConfiguration is judged (the two cases above are not vacuous)', () => {
    const objects = edge(
      'LoadBalancerConfiguration',
      'gateway.k8s.aws/v1beta1',
      'Gateway',
      'gateway.networking.k8s.io/v1',
    );
    expect(run('edge-listener-tls', none, { settings: tls, objects }).map(f => f.path)).toEqual(['spec.listeners[0]']);
  });
});

describe('gateway-allowed-routes: listeners without allowedRoutes, and other kinds', () => {
  const gatewayWith = (spec?: object, kind = 'Gateway') =>
    rendered([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind,
        metadata: { name: 'edge', namespace: 'edge' },
        ...(spec ? { spec } : {}),
      },
    ]);
  const paths = (spec?: object, kind?: string) =>
    run('gateway-allowed-routes', none, { objects: gatewayWith(spec, kind) }).map(f => f.path);

  test('a Gateway without listeners, and listeners without allowedRoutes or namespaces, use the default (Same)', () => {
    expect(paths()).toEqual([]);
    expect(paths({})).toEqual([]);
    expect(
      paths({ listeners: [{ name: 'http' }, { name: 'https', allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] } }] }),
    ).toEqual([]);
  });

  test('a Selector without a selector, or with empty labels and expressions, selects every namespace', () => {
    const found = run('gateway-allowed-routes', none, {
      objects: gatewayWith({
        listeners: [
          { name: 'a', allowedRoutes: { namespaces: { from: 'Selector' } } },
          {
            name: 'b',
            allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: {}, matchExpressions: [] } } },
          },
        ],
      }),
    });
    expect(found).toEqual([
      finding('gateway-allowed-routes', 'Gateway.edge/edge', 'spec.listeners[0].allowedRoutes.namespaces.selector'),
      finding('gateway-allowed-routes', 'Gateway.edge/edge', 'spec.listeners[1].allowedRoutes.namespaces.selector'),
    ]);
    expect(found.map(f => f.message)).toEqual([
      'listener a: an empty selector matches every namespace',
      'listener b: an empty selector matches every namespace',
    ]);
  });

  test('only Gateways are judged', () => {
    expect(
      paths({ listeners: [{ name: 'open', allowedRoutes: { namespaces: { from: 'All' } } }] }, 'GatewayClass'),
    ).toEqual([]);
  });
});
