import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { ArgoCdApplicationConfig } from '../../environments/types';
import { HelmAddon, SystemPodRequest } from '../addons/helm-addon';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import { ADDON_STATE_NAMESPACE } from '../addons/namespaces';
import { refuseInvalidProps } from '../config-errors';
import { appNamespaces, applicationSets, appProject, argoCdNamespace } from './argocd-objects';
import { ARGO_CD_NAMESPACE, ARGO_CD_RELEASE_NAMESPACE } from './namespaces';
import { validateArgoCdObjectsProps } from './validation';
import { memoryCapped } from '../addons/pod-resources';

export { ARGO_CD_NAMESPACE, ARGO_CD_RELEASE_NAMESPACE } from './namespaces';

/**
 * The Argo CD chart. 10.1.1 (2026-07-02) ships Argo CD v3.4.4, whose upstream CI runs the e2e suite on Kubernetes
 * 1.32 to 1.35 (`.github/workflows/ci-build.yaml` at v3.4.4); chart `kubeVersion` is `>=1.25.0-0`. Newer charts
 * (10.9.x, Argo CD 3.5) exist; this is the newest one whose values this project was checked against.
 * @see https://github.com/argoproj/argo-helm/blob/argo-cd-10.1.1/charts/argo-cd/values.yaml
 */
export const ARGO_CD_CHART = {
  repository: 'https://argoproj.github.io/argo-helm',
  chart: 'argo-cd',
  version: '10.1.1',
} as const;

/** Namespace of the release that owns the `argocd` Namespace object: Helm state only. */
export const ARGO_CD_NAMESPACE_RELEASE_NAMESPACE = ADDON_STATE_NAMESPACE;

/**
 * Requests per pod (the chart sets none), one replica each: the application controller holds the cluster cache and
 * the repo server renders Helm charts, so they get the most. Memory limits only; no CPU limits (throttling).
 */
export const ARGO_CD_RESOURCES = {
  controller: memoryCapped('250m', '512Mi', '1Gi'),
  server: memoryCapped('50m', '128Mi', '256Mi'),
  repoServer: memoryCapped('100m', '256Mi', '512Mi'),
  applicationSet: memoryCapped('50m', '64Mi', '128Mi'),
  redis: memoryCapped('50m', '64Mi', '128Mi'),
  redisSecretInit: memoryCapped('10m', '32Mi', '64Mi'),
} as const;

/** Properties for {@link ArgoCd}: the environment's `argocd` settings. */
export interface ArgoCdProps {
  /** The Git repository of Helm charts: the AppProject's only source. */
  readonly helmChartsRepoUrl: string;
  readonly project: { readonly name: string; readonly namespaces: readonly string[] };
  readonly applications: readonly ArgoCdApplicationConfig[];
  /**
   * What must exist before Argo CD's pods can be scheduled: they run on Karpenter capacity (not on the tainted
   * system nodes), so pass the release that creates the NodePool. On destroy Argo CD goes first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Argo CD (server, repo server, application controller, ApplicationSet controller, Redis) and, in a local chart
 * installed after it (decision 5), the cluster's AppProject, its application namespaces and ApplicationSets. Dex and
 * notifications are off: nothing configures them, and each would be one more pod to run.
 *
 * Every Argo CD object lives in `argocd`, but Helm keeps the state of both releases in `argocd-releases`
 * (`namespaceOverride`; the apps chart's objects name their namespace). The CI plan role reads Secrets where Helm
 * state lives, to refresh releases; `argocd` holds `argocd-secret` (its `server.secretkey` signs admin tokens) and
 * repository credentials, so it must not be such a namespace. The `argocd` Namespace itself comes from a third,
 * one-object local chart whose state lives in `addon-releases`, installed before Argo CD and uninstalled after it.
 */
export class ArgoCd extends Construct {
  /** The `argocd` Namespace, a one-object local chart (Helm state in addon-releases). */
  public readonly namespace: KubernetesObjects;
  public readonly release: HelmAddon;
  public readonly apps: KubernetesObjects;
  /** Nothing runs on the system nodes: every pod lands on Karpenter capacity (no CriticalAddonsOnly toleration). */
  public readonly systemPods: SystemPodRequest[] = [];

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    const objectsProps = { ...props, namespace: ARGO_CD_NAMESPACE };
    refuseInvalidProps(this, at => validateArgoCdObjectsProps(objectsProps, at));

    this.namespace = new KubernetesObjects(this, 'namespace', {
      name: 'argocd-namespace',
      description:
        `Namespace ${ARGO_CD_NAMESPACE}, where Argo CD runs (its Helm releases live in ` +
        `${ARGO_CD_RELEASE_NAMESPACE})`,
      objects: [argoCdNamespace(ARGO_CD_NAMESPACE)],
      namespace: ARGO_CD_NAMESPACE_RELEASE_NAMESPACE,
      timeoutSeconds: 300,
    });

    this.release = new HelmAddon(this, 'argo-cd', {
      // With the chart's nameOverride `argocd`, release `argocd` keeps the usual names (argocd-server, ...).
      releaseName: 'argocd',
      ...ARGO_CD_CHART,
      // Helm state only; namespaceOverride puts every object of the chart in `argocd`
      namespace: ARGO_CD_RELEASE_NAMESPACE,
      values: {
        namespaceOverride: ARGO_CD_NAMESPACE,
        // CRDs are chart templates (upgraded with the chart) and kept on uninstall, so Applications survive it.
        crds: { install: true, keep: true },
        controller: { replicas: 1, resources: ARGO_CD_RESOURCES.controller },
        server: { replicas: 1, resources: ARGO_CD_RESOURCES.server },
        repoServer: { replicas: 1, resources: ARGO_CD_RESOURCES.repoServer },
        applicationSet: { replicas: 1, resources: ARGO_CD_RESOURCES.applicationSet },
        redis: { resources: ARGO_CD_RESOURCES.redis },
        redisSecretInit: { resources: ARGO_CD_RESOURCES.redisSecretInit },
        dex: { enabled: false },
        notifications: { enabled: false },
      },
      dependsOn: [this.namespace.release, ...(props.dependsOn ?? [])],
    });

    this.apps = new KubernetesObjects(this, 'apps', {
      name: 'argocd-apps',
      description: `AppProject ${props.project.name}, its namespaces and its ApplicationSets`,
      objects: [...appNamespaces(objectsProps), appProject(objectsProps), ...applicationSets(objectsProps)],
      // Helm state only: the AppProject and ApplicationSets carry `metadata.namespace: argocd`
      namespace: ARGO_CD_RELEASE_NAMESPACE,
      timeoutSeconds: 300,
      dependsOn: [this.release.release],
    });
  }
}
