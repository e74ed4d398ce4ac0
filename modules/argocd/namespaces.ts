/**
 * Where Argo CD lives, kept in a file without imports so `modules/naming.ts` can read it (no import cycle, no
 * provider classes loaded with the names).
 */

/** Namespace of every Argo CD object: its workloads, `argocd-secret`, repository credentials, AppProjects. */
export const ARGO_CD_NAMESPACE = 'argocd';

/**
 * Helm release namespace of the Argo CD releases (`argocd`, `argocd-apps`): it holds only their Helm state
 * (`sh.helm.release.v1.*` Secrets), so the CI plan role can refresh them by reading Secrets here without reading the
 * Secrets of `argocd` (`argocd-secret` signs admin tokens). The chart's `namespaceOverride` puts the objects in
 * {@link ARGO_CD_NAMESPACE}.
 */
export const ARGO_CD_RELEASE_NAMESPACE = 'argocd-releases';
