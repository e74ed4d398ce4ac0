import { joinedRegExp } from './regexp';
/**
 * A structural check of the load balancer controller's own Gateway API objects (group `gateway.k8s.aws`), for the
 * fields this project writes. No published package ships these CRDs, so the schema facts are copied here (fields,
 * types, enums, required keys, the protocolPort pattern) from kubernetes-sigs/aws-load-balancer-controller
 * `helm/aws-load-balancer-controller/crds/gateway-crds.yaml` at v3.5.0 (storage version v1, v1beta1 still served).
 * Unknown fields fail: the API server would prune them silently and the setting would be lost.
 */

interface Schema {
  readonly type: 'object' | 'array' | 'string' | 'boolean';
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly enum?: readonly string[];
  readonly pattern?: RegExp;
  readonly maxLength?: number;
}

const str: Schema = { type: 'string' };
const strings: Schema = { type: 'array', items: str };

/** LoadBalancerConfiguration `spec`, the fields used (of 22). */
const LOAD_BALANCER_CONFIGURATION_SPEC: Schema = {
  type: 'object',
  properties: {
    scheme: { type: 'string', enum: ['internal', 'internet-facing'] },
    securityGroups: strings,
    manageBackendSecurityGroupRules: { type: 'boolean' },
    loadBalancerName: { type: 'string', maxLength: 32 },
    defaultTargetGroupConfiguration: { type: 'object', properties: { name: str }, required: ['name'] },
    listenerConfigurations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['protocolPort'],
        properties: {
          protocolPort: {
            type: 'string',
            pattern: joinedRegExp(
              /^(HTTP|HTTPS|TLS|TCP|UDP|TCP_UDP)?:/,
              /(6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})?$/,
            ),
          },
          defaultCertificate: str,
          certificates: strings,
          sslPolicy: str,
        },
      },
    },
    wafV2: { type: 'object', properties: { webACL: str }, required: ['webACL'] },
  },
};

/** TargetGroupConfiguration `spec`, the fields used. */
const TARGET_GROUP_CONFIGURATION_SPEC: Schema = {
  type: 'object',
  properties: {
    defaultConfiguration: { type: 'object', properties: { targetType: { type: 'string', enum: ['instance', 'ip'] } } },
  },
};

export const LBC_GATEWAY_SPECS: Readonly<Record<string, Schema>> = {
  LoadBalancerConfiguration: LOAD_BALANCER_CONFIGURATION_SPEC,
  TargetGroupConfiguration: TARGET_GROUP_CONFIGURATION_SPEC,
};
export const LBC_GATEWAY_API_VERSIONS = ['gateway.k8s.aws/v1', 'gateway.k8s.aws/v1beta1'];

function check(value: unknown, schema: Schema, path: string): string[] {
  const kind = Array.isArray(value) ? 'array' : typeof value;
  if (kind !== schema.type) return [`${path}: expected ${schema.type}, got ${kind}`];
  if (schema.type === 'string') {
    const s = value as string;
    if (schema.enum && !schema.enum.includes(s))
      return [`${path}: ${JSON.stringify(s)} is not one of ${schema.enum.join(', ')}`];
    if (schema.pattern && !schema.pattern.test(s))
      return [`${path}: ${JSON.stringify(s)} does not match ${String(schema.pattern)}`];
    if (schema.maxLength !== undefined && s.length > schema.maxLength)
      return [`${path}: longer than ${schema.maxLength}`];
    return [];
  }
  if (schema.type === 'array') return (value as unknown[]).flatMap((v, i) => check(v, schema.items!, `${path}[${i}]`));
  if (schema.type === 'object') {
    const obj = value as Record<string, unknown>;
    const props = schema.properties ?? {};
    return [
      ...(schema.required ?? []).filter(k => obj[k] === undefined).map(k => `${path}.${k}: required`),
      ...Object.entries(obj).flatMap(([k, v]) =>
        props[k] === undefined
          ? [`${path}.${k}: unknown field (not in the v3.5.0 CRD, or not modelled here)`]
          : check(v, props[k], `${path}.${k}`),
      ),
    ];
  }
  return [];
}

/** Problems of one `gateway.k8s.aws` object; empty when valid. */
export function lbcGatewayObjectProblems(object: Record<string, unknown>): string[] {
  const spec = LBC_GATEWAY_SPECS[String(object.kind)];
  if (spec === undefined) return [`no schema for kind ${String(object.kind)}`];
  const problems = LBC_GATEWAY_API_VERSIONS.includes(String(object.apiVersion))
    ? []
    : [`apiVersion ${String(object.apiVersion)} is not served`];
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (typeof metadata?.name !== 'string' || typeof metadata.namespace !== 'string')
    problems.push('metadata: a namespaced object needs name and namespace');
  return [...problems, ...check(object.spec ?? {}, spec, 'spec')];
}
