/**
 * Where the add-ons keep their Helm state, in a file without imports so `modules/naming.ts` can read it (no import
 * cycle, no provider classes loaded with the names).
 */

/**
 * Helm release namespace of every add-on release whose chart can put its objects elsewhere (`namespaceOverride`) and
 * of every local chart (its objects name their namespace): it holds only Helm state (`sh.helm.release.v1.*` Secrets),
 * so the CI plan role can refresh those releases without reading the Secrets of the namespaces they run in (the
 * ingress-nginx and External Secrets webhook keys). The same split as Argo CD's `argocd-releases`.
 */
export const ADDON_STATE_NAMESPACE = 'addon-releases';

/**
 * Namespace of the Karpenter controller and of its Helm state. The chart has no `namespaceOverride`: every namespaced
 * template names `.Release.Namespace` (charts/karpenter/templates/deployment.yaml line 5, serviceaccount.yaml line 6,
 * role.yaml, rolebinding.yaml, service.yaml, poddisruptionbudget.yaml, servicemonitor.yaml at v1.14.1), so its Helm
 * state lives with its objects. Its own namespace, not `kube-system`: the CI plan role reads the Secrets here, and the
 * chart renders none (only the Helm state is there); the chart's `-dns` Role in kube-system is for this case.
 */
export const KARPENTER_NAMESPACE = 'karpenter';

// Both charts default to `priorityClassName: system-cluster-critical`, which Kubernetes admits in any namespace since
// 1.17 (kubernetes/kubernetes#76310); before, only in kube-system.

/**
 * Namespace of the AWS Load Balancer Controller and of its Helm state. The chart has no `namespaceOverride`: every
 * namespaced template names `.Release.Namespace` (helm/aws-load-balancer-controller/templates/deployment.yaml line 5,
 * webhook.yaml line 392 at v3.5.0), and webhook.yaml lines 387-399 render the webhook's serving key (`tls.key`) into
 * the release, so the Helm state of this release holds that key wherever it lives. Its own namespace, not
 * `kube-system`: the CI plan role, which must read this release's state, then reads that key and no Secret of the
 * cluster's system namespaces.
 */
export const LBC_NAMESPACE = 'aws-load-balancer-controller';
