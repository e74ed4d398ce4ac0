/**
 * What the AWS Load Balancer Controller makes of an Ingress spec: the IngressClass that claims it, the listener's
 * default action and one listener rule per path (conditions, forward target). Every field it does not model is
 * refused, so a spec with more in it than this reads does not pass unnoticed.
 * Path patterns as `buildPathPatterns` builds them (pkg/ingress/model_build_listener_rules.go, without the regex and
 * rewrite annotations): Exact and ImplementationSpecific keep the path, Prefix `/` is `/*`, any other prefix `p` is
 * `p` and `p/*`. Without a default backend the listener answers a fixed 404 (`build404Action`,
 * pkg/ingress/model_build_actions.go). The Kubernetes API requires `pathType` and an absolute path (networking/v1
 * HTTPIngressPath validation). https://github.com/kubernetes-sigs/aws-load-balancer-controller
 */
export interface AlbRouting {
  readonly ingressClass: unknown;
  readonly defaultAction: Forward | { readonly fixedResponse: 404 };
  readonly rules: readonly AlbRule[];
}
export interface AlbRule {
  readonly hostHeader?: string;
  readonly pathPatterns: readonly string[];
  readonly forward: Forward;
}
export interface Forward {
  readonly service: unknown;
  readonly port: unknown;
}
type Json = Record<string, unknown>;

export function albRouting(spec: Json): AlbRouting {
  only(spec, 'spec', ['ingressClassName', 'defaultBackend', 'rules']);
  const rules = (spec.rules ?? []) as Json[];
  return {
    ingressClass: spec.ingressClassName,
    defaultAction: spec.defaultBackend === undefined ? { fixedResponse: 404 } : forward(spec.defaultBackend as Json),
    rules: rules.flatMap(rule => {
      only(rule, 'rule', ['host', 'http']);
      const http = rule.http as Json;
      only(http, 'http', ['paths']);
      return (http.paths as Json[]).map(path => {
        only(path, 'path', ['path', 'pathType', 'backend']);
        return {
          ...(rule.host === undefined ? {} : { hostHeader: String(rule.host) }),
          pathPatterns: pathPatterns(path.path, path.pathType),
          forward: forward(path.backend as Json),
        };
      });
    }),
  };
}

function pathPatterns(path: unknown, pathType: unknown): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) throw new Error(`path must be absolute: ${String(path)}`);
  if (pathType === 'Exact' || pathType === 'ImplementationSpecific') return [path];
  if (pathType !== 'Prefix') throw new Error(`unsupported pathType: ${String(pathType)}`);
  if (path === '/') return ['/*'];
  const prefix = path.replace(/\/$/, '');
  return [prefix, `${prefix}/*`];
}

function forward(backend: Json): Forward {
  only(backend, 'backend', ['service']);
  const service = backend.service as Json;
  only(service, 'backend.service', ['name', 'port']);
  const port = service.port as Json;
  only(port, 'backend.service.port', ['number', 'name']);
  return { service: service.name, port: port.number ?? port.name };
}

function only(object: Json, where: string, known: string[]): void {
  const unknown = Object.keys(object).filter(k => !known.includes(k));
  if (unknown.length > 0) throw new Error(`${where}: not modelled: ${unknown.join(', ')}`);
}
