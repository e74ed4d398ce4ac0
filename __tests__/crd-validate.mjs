// Validates custom resources against the upstream schemas shipped by @kubernetes-models: Karpenter v1 (NodePool,
// EC2NodeClass), Argo CD v1alpha1 (AppProject, ApplicationSet) and the Gateway API v1 (GatewayClass, Gateway,
// HTTPRoute). The packages are ESM-only, so jest runs this with
// plain `node` (see crd-validate.ts): a JSON array of objects on stdin, a JSON array of results on stdout
// ({ kind, name, valid, error? }), one per object, in order.
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { EC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1';
import { NodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1';
import { ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { Gateway, GatewayClass, HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';

const MODELS = {
  NodePool, EC2NodeClass, AppProject, ApplicationSet, ClusterSecretStore, ExternalSecret, GatewayClass, Gateway, HTTPRoute,
};

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;

const results = JSON.parse(input).map(object => {
  const kind = object?.kind;
  const name = object?.metadata?.name;
  const Model = Object.hasOwn(MODELS, kind) ? MODELS[kind] : undefined;
  if (!Model) return { kind, name, valid: false, error: `no model for kind ${kind}; known: ${Object.keys(MODELS).join(', ')}` };
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
