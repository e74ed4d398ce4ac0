import { isObject } from '../stack-view';
import type { PolicyRule, RenderedObject, Verdict, Violation } from '../types';
import { judge } from '../verdict';

type Obj = Readonly<Record<string, unknown>>;
const obj = (v: unknown): Obj => (isObject(v) ? v : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObject) : []);

const ALB = 'alb.ingress.kubernetes.io';

/** An internet-facing ALB Ingress: an HTTPS listener with a certificate, and HTTP only redirecting to it. */
function ingressViolations(object: RenderedObject['object']): Verdict[] {
  const annotations = obj((object.metadata as Obj).annotations);
  if (annotations[`${ALB}/scheme`] !== 'internet-facing') return [];
  const address = `Ingress.${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
  let ports: Obj[];
  try {
    ports = list(JSON.parse(String(annotations[`${ALB}/listen-ports`] ?? '[{"HTTP":80}]')));
  } catch {
    return [{ address, path: `metadata.annotations.${ALB}/listen-ports`, message: 'listen-ports is not JSON' }];
  }
  const out: Violation[] = [];
  const path = (a: string): string => `metadata.annotations.${ALB}/${a}`;
  if (!ports.some(p => p.HTTPS !== undefined))
    out.push({ address, path: path('listen-ports'), message: 'add an HTTPS listener (and a certificate)' });
  if (typeof annotations[`${ALB}/certificate-arn`] !== 'string' || annotations[`${ALB}/certificate-arn`] === '') {
    out.push({ address, path: path('certificate-arn'), message: 'set the ACM certificate of the HTTPS listener' });
  }
  if (ports.some(p => p.HTTP !== undefined) && annotations[`${ALB}/ssl-redirect`] === undefined) {
    out.push({ address, path: path('ssl-redirect'), message: 'HTTP must only redirect to HTTPS: set ssl-redirect' });
  }
  return judge(address, out);
}

// the route kinds an ALB Gateway serves (LBC >= 2.14):
// https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/gateway/gateway/
const ALB_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];

/**
 * Whether every route attached to the Gateway's HTTP listener only redirects to https: HTTPRoutes whose rules only
 * redirect; a GRPCRoute cannot redirect (no RequestRedirect filter in GRPCRoute), so it always serves plain gRPC.
 */
function httpOnlyRedirects(
  objects: readonly RenderedObject[],
  gateway: RenderedObject['object'],
  listener: string,
): boolean {
  const attached = objects
    .map(o => o.object)
    .filter(o => ALB_ROUTE_KINDS.includes(o.kind) && o.metadata.namespace === gateway.metadata.namespace)
    .filter(o =>
      list(obj(o.spec).parentRefs).some(
        p => p.name === gateway.metadata.name && (p.sectionName ?? listener) === listener,
      ),
    );
  return attached.every(
    route =>
      route.kind === 'HTTPRoute' &&
      list(obj(route.spec).rules).every(rule => {
        const filters = list(rule.filters);
        return (
          list(rule.backendRefs).length === 0 &&
          filters.length > 0 &&
          filters.every(f => f.type === 'RequestRedirect' && obj(f.requestRedirect).scheme === 'https')
        );
      }),
  );
}

/**
 * An internet-facing Gateway (its LoadBalancerConfiguration says so): HTTPS listeners have a certificate in the
 * LoadBalancerConfiguration (`listenerConfigurations[].defaultCertificate`, as the load balancer controller takes
 * it), and an HTTP listener takes only this namespace's routes, which only redirect to https.
 */
function gatewayViolations(objects: readonly RenderedObject[], gateway: RenderedObject['object']): Verdict[] {
  const ref = obj(obj(obj(gateway.spec).infrastructure).parametersRef);
  const config = objects
    .map(o => o.object)
    .find(
      o =>
        o.kind === 'LoadBalancerConfiguration' &&
        o.metadata.name === ref.name &&
        o.metadata.namespace === gateway.metadata.namespace,
    );
  if (obj(config?.spec).scheme !== 'internet-facing') return [];
  const address = `Gateway.${gateway.metadata.namespace ?? 'default'}/${gateway.metadata.name}`;
  const certificates = new Map(
    list(obj(config!.spec).listenerConfigurations).map(c => [String(c.protocolPort), c.defaultCertificate]),
  );
  return judge(
    address,
    list(obj(gateway.spec).listeners).flatMap((l, i): Violation[] => {
      const path = `spec.listeners[${i}]`;
      if (l.protocol === 'HTTPS') {
        const cert = certificates.get(`HTTPS:${String(l.port)}`);
        return typeof cert === 'string' && cert !== ''
          ? []
          : [
              {
                address,
                path,
                message: `listener ${String(l.name)}: no defaultCertificate for HTTPS:${String(
                  l.port,
                )} in LoadBalancerConfiguration ${String(ref.name)}`,
              },
            ];
      }
      if (l.protocol === 'HTTP') {
        const from = obj(obj(l.allowedRoutes).namespaces).from ?? 'Same';
        if (from === 'Same' && httpOnlyRedirects(objects, gateway, String(l.name))) return [];
        return [
          {
            address,
            path,
            message: `listener ${String(
              l.name,
            )} serves plain HTTP on the internet: accept only this namespace's redirect to https`,
          },
        ];
      }
      return [
        { address, path, message: `listener ${String(l.name)} (${String(l.protocol)}) is not HTTP or HTTPS on an ALB` },
      ];
    }),
  );
}

/**
 * No internet-facing ALB listener without TLS where the environment requires it (prod, or wherever a domain or
 * certificate is configured: `settings.requireEdgeTls`): the ALB Ingress of ingress-nginx and the Gateway alike.
 */
export const edgeListenerTls: PolicyRule = {
  name: 'edge-listener-tls',
  ruleId: 'CKV_AWS_2|CKV_AWS_103|AVD-AWS-0054',
  priority: 'P0',
  description: 'Internet-facing ALB listeners use HTTPS; HTTP only redirects (where the environment requires TLS)',
  check: view => {
    if (view.settings.requireEdgeTls !== true) return [];
    return view.objects.flatMap(({ object }) =>
      object.kind === 'Ingress'
        ? ingressViolations(object)
        : object.kind === 'Gateway'
          ? gatewayViolations(view.objects, object)
          : [],
    );
  },
};
