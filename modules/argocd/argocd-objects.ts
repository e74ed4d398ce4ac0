import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { ArgoCdApplicationConfig } from '../../environments/types';
import type { KubernetesObject } from '../addons/local-chart';
import { refuseInvalid } from '../config-errors';
import { validateArgoCdObjectsProps } from './validation';

/** The cluster Argo CD runs in, as Argo CD names it: applications deploy only here. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Typed after `@kubernetes-models/argo-cd` (Argo CD v1alpha1 CRDs), with the name the local chart needs. */
export type AppProject = IAppProject & KubernetesObject;
export type ApplicationSet = IApplicationSet & KubernetesObject;

/** A core v1 Namespace, as the local chart renders it. */
export interface Namespace extends KubernetesObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Namespace';
  readonly metadata: {
    readonly name: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

/**
 * Label on every namespace the platform creates for Argo CD applications; its value is the AppProject.
 * `scripts/destroy.sh` deletes the namespaces carrying it (with the workloads and volumes in them) before the nodes go.
 */
export const APP_NAMESPACE_LABEL = 'platform.eks/argocd-project';

/** Properties of {@link appProject} and {@link applicationSets}. */
export interface ArgoCdObjectsProps {
  /** Namespace Argo CD runs in; AppProjects and ApplicationSets must live there. */
  readonly namespace: string;
  /** The Git repository of Helm charts: the project's only source. */
  readonly helmChartsRepoUrl: string;
  readonly project: { readonly name: string; readonly namespaces: readonly string[] };
  readonly applications: readonly ArgoCdApplicationConfig[];
}

/**
 * The namespace Argo CD runs in. A Helm release with its state in `addon-releases` owns it (not the Argo CD release,
 * whose Helm state lives elsewhere): created before Argo CD is installed, deleted after it is uninstalled, with
 * whatever is left in it.
 */
export function argoCdNamespace(name: string): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/part-of': 'argocd' } } };
}

/**
 * The namespaces the project's applications deploy to. The platform creates them (not the sync, no
 * `CreateNamespace=true`) so the AppProject needs no cluster-scoped resource at all: whitelisting `Namespace`, even by
 * name, would let the Git repository own those namespaces, labels included, and the Pod Security Admission labels
 * (`pod-security.kubernetes.io/enforce`) decide what pods may run there. Helm keeps them on uninstall and upgrade
 * (`helm.sh/resource-policy: keep`): a configuration edit never deletes an application's namespace with its data;
 * `scripts/destroy.sh` deletes them by {@link APP_NAMESPACE_LABEL}.
 */
export function appNamespaces(props: ArgoCdObjectsProps): Namespace[] {
  return props.project.namespaces.map(name => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/part-of': props.project.name, [APP_NAMESPACE_LABEL]: props.project.name },
      annotations: { 'helm.sh/resource-policy': 'keep' },
    },
  }));
}

/**
 * The cluster's AppProject: one Git repository as the only source, the environment's namespaces on this cluster as
 * the only destinations, and no cluster-scoped resources (an empty whitelist allows none; the namespaces come from
 * {@link appNamespaces}). It carries no
 * `resources-finalizer`, so deleting it never waits on applications (destroy cannot hang on it, ANCHORS B-20).
 */
export function appProject(props: ArgoCdObjectsProps): AppProject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: props.project.name, namespace: props.namespace },
    spec: {
      description: `Applications of the ${props.project.name} environment`,
      sourceRepos: [props.helmChartsRepoUrl],
      destinations: props.project.namespaces.map(namespace => ({ server: IN_CLUSTER_SERVER, namespace })),
      clusterResourceWhitelist: [],
    },
  };
}

/**
 * One ApplicationSet per sync mode (so per cluster with today's environments): a list generator over the
 * applications of that mode. Sync lives in the template, so the rendered YAML shows it and the schema checks it:
 * `automated` prunes and self-heals; `manual` has no `automated` block at all. Generated applications carry no
 * `resources-finalizer`: removing one (or destroying the addons layer) leaves its workloads running until
 * someone deletes them or the cluster goes, instead of hanging on a controller that is already gone.
 * The `{{.name}}` placeholders are Argo CD's (goTemplate): the local chart emits them verbatim, Helm never sees them.
 */
export function applicationSets(props: ArgoCdObjectsProps): ApplicationSet[] {
  refuseInvalid(validateArgoCdObjectsProps(props, 'argocd'));
  const modes = (['automated', 'manual'] as const).filter(mode => props.applications.some(a => a.sync === mode));
  return modes.map(mode => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: `${props.project.name}-${mode}`, namespace: props.namespace },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          list: {
            elements: props.applications
              .filter(a => a.sync === mode)
              .map(a => ({ name: a.name, namespace: a.namespace, path: a.path, targetRevision: a.targetRevision })),
          },
        },
      ],
      template: {
        metadata: { name: '{{.name}}', labels: { 'app.kubernetes.io/part-of': props.project.name } },
        spec: {
          project: props.project.name,
          source: { repoURL: props.helmChartsRepoUrl, path: '{{.path}}', targetRevision: '{{.targetRevision}}' },
          destination: { server: IN_CLUSTER_SERVER, namespace: '{{.namespace}}' },
          // no CreateNamespace=true: the namespaces exist already (appNamespaces), the project may create none
          syncPolicy: mode === 'automated' ? { automated: { prune: true, selfHeal: true } } : {},
        },
      },
    },
  }));
}
