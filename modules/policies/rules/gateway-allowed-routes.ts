import { isObject } from '../stack-view';
import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';

/**
 * Gateway listeners accept routes from named namespaces only: `allowedRoutes.namespaces.from: All` would let any
 * namespace (any tenant) publish a hostname on the shared ALB. `Same` (the default) or a non-empty `Selector` pass.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#fromnamespaces
 */
export const gatewayAllowedRoutes: PolicyRule = {
  name: 'gateway-allowed-routes',
  ruleId: 'BPG-gateway-api|CIS-5.7.1',
  priority: 'P0',
  description: 'Gateway listeners accept routes only from selected namespaces (never from: All)',
  check: view =>
    view.objects
      .filter(o => o.object.kind === 'Gateway')
      .flatMap(({ object }): Verdict[] => {
        const address = `Gateway.${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
        const spec = isObject(object.spec) ? object.spec : {};
        const listeners = Array.isArray(spec.listeners) ? spec.listeners.filter(isObject) : [];
        return judge(
          address,
          listeners.flatMap((l, i): Violation[] => {
            const routes = isObject(l.allowedRoutes) ? l.allowedRoutes : {};
            const namespaces = isObject(routes.namespaces) ? routes.namespaces : {};
            const path = `spec.listeners[${i}].allowedRoutes.namespaces`;
            if (namespaces.from === 'All') {
              return [
                {
                  address,
                  path: `${path}.from`,
                  message: `listener ${String(l.name)} accepts routes from every namespace: use Selector or Same`,
                },
              ];
            }
            if (namespaces.from === 'Selector') {
              const selector = isObject(namespaces.selector) ? namespaces.selector : {};
              const labels = isObject(selector.matchLabels) ? Object.keys(selector.matchLabels) : [];
              const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
              // an empty selector selects every namespace
              if (labels.length === 0 && expressions.length === 0) {
                return [
                  {
                    address,
                    path: `${path}.selector`,
                    message: `listener ${String(l.name)}: an empty selector matches every namespace`,
                  },
                ];
              }
            }
            return [];
          }),
        );
      }),
};
