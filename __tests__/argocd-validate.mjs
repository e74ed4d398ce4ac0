// Validates Argo CD objects against the schemas of @kubernetes-models/argo-cd (Argo CD v1alpha1 CRDs).
// The package is ESM-only, so jest runs this with plain `node`: a JSON array of objects on stdin, a JSON array of
// results on stdout ({ kind, name, valid, error? }), one per object.
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';

const MODELS = { AppProject, ApplicationSet };

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;

const results = JSON.parse(input).map(object => {
  const name = object?.metadata?.name;
  const Model = MODELS[object?.kind];
  if (!Model) return { kind: object?.kind, name, valid: false, error: `no Argo CD model for kind ${object?.kind}` };
  if (object.apiVersion !== Model.apiVersion) {
    return {
      kind: object.kind,
      name,
      valid: false,
      error: `apiVersion must be ${Model.apiVersion}, got ${object.apiVersion}`,
    };
  }
  try {
    new Model(object).validate();
    return { kind: object.kind, name, valid: true };
  } catch (error) {
    return { kind: object.kind, name, valid: false, error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
