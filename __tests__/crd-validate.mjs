// Validates custom resources against the upstream schemas shipped by @kubernetes-models: Karpenter v1 (NodePool,
// EC2NodeClass), Argo CD v1alpha1 (AppProject, ApplicationSet) and the Gateway API v1 (GatewayClass, Gateway,
// HTTPRoute). The packages are ESM-only, so jest runs this with
// plain `node` (see crd-validate.ts): a JSON array of objects on stdin, a JSON array of results on stdout
// ({ kind, name, valid, error? }), one per object, in order.
// Each model's module is imported only when an object of its kind is there: the schemas load with them (~50 ms each).
const MODELS = {
  NodePool: '@kubernetes-models/karpenter/karpenter.sh/v1',
  EC2NodeClass: '@kubernetes-models/karpenter/karpenter.k8s.aws/v1',
  AppProject: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject',
  ApplicationSet: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet',
  ClusterSecretStore: '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore',
  ExternalSecret: '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret',
  GatewayClass: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
  Gateway: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
  HTTPRoute: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
};

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;

const objects = JSON.parse(input);
const kinds = [...new Set(objects.map(object => object?.kind).filter(kind => Object.hasOwn(MODELS, kind)))];
const modules = await Promise.all(kinds.map(kind => import(MODELS[kind])));
const loaded = Object.fromEntries(kinds.map((kind, i) => [kind, modules[i][kind]]));

const results = objects.map(object => {
  const kind = object?.kind;
  const name = object?.metadata?.name;
  const Model = Object.hasOwn(loaded, kind) ? loaded[kind] : undefined;
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
