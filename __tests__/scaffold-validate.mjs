// Validates the scaffold's ExternalSecrets (External Secrets v1) and HTTPRoutes (Gateway API v1) against the schemas
// @kubernetes-models ships. The packages are ESM-only, so jest runs this with plain `node`: a JSON array of objects
// on stdin, a JSON array of { kind, name, valid, error? } on stdout, one per object, in order.
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';

const MODELS = { ExternalSecret, HTTPRoute };

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;

const results = JSON.parse(input).map(object => {
  const kind = object?.kind;
  const name = object?.metadata?.name;
  const Model = Object.hasOwn(MODELS, kind) ? MODELS[kind] : undefined;
  if (!Model)
    return { kind, name, valid: false, error: `no model for kind ${kind}; known: ${Object.keys(MODELS).join(', ')}` };
  if (object.apiVersion !== Model.apiVersion) {
    return { kind, name, valid: false, error: `apiVersion must be ${Model.apiVersion}, got ${object.apiVersion}` };
  }
  try {
    new Model(object).validate();
    return { kind, name, valid: true };
  } catch (error) {
    return { kind, name, valid: false, error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
