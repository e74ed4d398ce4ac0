import { realStack, resources } from './read-helpers';

/**
 * Values keys of the external-secrets 2.9.0 chart that shape its CRDs (deploy/charts/external-secrets/values.yaml at
 * tag helm-chart-2.9.0): `installCRDs` renders them, `crds.annotations` ({} by default) is written onto each CRD's
 * metadata.annotations (templates/crds/*.yaml: `{{- with .Values.crds.annotations }}`). There is no `crds.keep`.
 */
const CHART_CRD_KEYS = ['installCRDs', 'crds.annotations'] as const;

const CRDS = [
  'externalsecrets.external-secrets.io',
  'clustersecretstores.external-secrets.io',
  'secretstores.external-secrets.io',
];

interface Rendered {
  readonly kind: string;
  readonly name: string;
  readonly annotations: Record<string, string>;
}

/** What the chart renders, as far as uninstall cares: the CRDs (with `crds.annotations`) and the controller. */
function renderChart(values: Record<string, unknown>): Rendered[] {
  const crds = values.installCRDs === true ? CRDS : [];
  const annotations = (values.crds as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
  return [
    ...crds.map(name => ({ kind: 'CustomResourceDefinition', name, annotations: { ...annotations } })),
    { kind: 'Deployment', name: 'external-secrets', annotations: {} },
    { kind: 'Deployment', name: 'external-secrets-webhook', annotations: {} },
  ];
}

/**
 * `helm uninstall`: deletes every object of the release except those annotated `helm.sh/resource-policy: keep`
 * (helm pkg/action/uninstall.go -> filterManifestsToKeep in pkg/action/resource_policy.go). Deleting a CRD deletes its
 * CRs; a CR with a finalizer whose controller is gone is never deleted, so the CRD hangs in Terminating and the
 * uninstall (and Terraform's destroy of the release) times out.
 */
function uninstall(
  objects: readonly Rendered[],
  externalSecretsWithFinalizer: number,
): { deleted: string[]; kept: string[]; hangs: boolean } {
  const keep = (o: Rendered) => o.annotations['helm.sh/resource-policy'] === 'keep';
  const deleted = objects.filter(o => !keep(o));
  const controllerGone = deleted.some(o => o.name === 'external-secrets');
  const crdOfFinalizedCrsDeleted = deleted.some(o => o.name === 'externalsecrets.external-secrets.io');
  return {
    deleted: deleted.map(o => o.name),
    kept: objects.filter(keep).map(o => o.name),
    hangs: controllerGone && crdOfFinalizedCrsDeleted && externalSecretsWithFinalizer > 0,
  };
}

const operatorValues = (env: string): Record<string, unknown> => {
  const release = Object.values(resources(realStack(`${env}-addons`), 'helm_release')).find(
    r => r.name === 'external-secrets',
  );
  return JSON.parse((release!.values as string[])[0]);
};

describe.each(['dev', 'prod'])('%s External Secrets CRDs', env => {
  test('sets only chart values keys that exist in 2.9.0 for the CRDs', () => {
    const values = operatorValues(env);
    expect(values.installCRDs).toBe(true);
    const crdKeys = ['installCRDs', ...Object.keys(values.crds as object).map(k => `crds.${k}`)];
    for (const key of crdKeys)
      expect([key, CHART_CRD_KEYS.includes(key as (typeof CHART_CRD_KEYS)[number])]).toEqual([key, true]);
  });

  test('helm uninstall keeps the CRDs (resource-policy keep): left-over ExternalSecrets cannot hang it', () => {
    const result = uninstall(renderChart(operatorValues(env)), 2);
    expect(result.kept.sort()).toEqual([...CRDS].sort());
    expect(result.deleted).toEqual(['external-secrets', 'external-secrets-webhook']);
    expect(result.hangs).toBe(false);
  });

  test('the model bites: without the annotation the uninstall hangs on the finalizers', () => {
    const { crds: _crds, ...withoutKeep } = operatorValues(env);
    expect(uninstall(renderChart(withoutKeep), 2).hangs).toBe(true);
    expect(uninstall(renderChart(withoutKeep), 0).hangs).toBe(false);
  });
});
