import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmAddon, SystemPodRequest } from '../addons/helm-addon';
import { KubernetesObjects } from '../addons/kubernetes-objects';
import { NamespaceRelease } from '../addons/namespace-release';
import { ADDON_STATE_NAMESPACE } from '../addons/namespaces';
import { ARGO_CD_NAMESPACE } from '../argocd/namespaces';
import { addonIdentity, PodIdentityRole } from '../cluster/pod-identity-role';
import { refuseInvalidProps } from '../config-errors';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';
import { clusterSecretStore, prefixStoreName } from './cluster-secret-store';
import { controllerAssumePolicy, storeRoleName } from './secrets-policy';
import { StoreRole } from './store-role';
import { validateSecretsReadProps } from './validation';
import { memoryCapped } from '../addons/pod-resources';

/**
 * The External Secrets Operator chart. 2.9.0 (2026-08-08) is the newest release whose CRDs and values this project
 * was checked against; its `kubeVersion` is `>= 1.19.0-0` and its support table targets current Kubernetes (2.8:
 * 1.35-1.36, 2.9: 1.36). Upstream supports only the latest minor: bump this with the release notes at hand.
 * @see https://github.com/external-secrets/external-secrets/blob/main/deploy/charts/external-secrets/values.yaml
 */
export const EXTERNAL_SECRETS_CHART = {
  repository: 'https://charts.external-secrets.io',
  chart: 'external-secrets',
  version: '2.9.0',
} as const;

export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';
/**
 * Helm never deletes an object annotated `helm.sh/resource-policy: keep`, on uninstall or upgrade.
 * @see https://helm.sh/docs/howto/charts_tips_and_tricks/#tell-helm-not-to-uninstall-a-resource
 */
export const HELM_RESOURCE_POLICY = 'helm.sh/resource-policy';
/** The controller's service account: set explicitly so the Pod Identity association cannot drift from the chart. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/**
 * Requests per pod (the chart sets none): sized for a few hundred ExternalSecrets. The memory limit guards the node
 * against a runaway cache; no CPU limit, since a throttled webhook fails admissions.
 */
export const EXTERNAL_SECRETS_RESOURCES = {
  controller: memoryCapped('50m', '128Mi', '256Mi'),
  webhook: memoryCapped('20m', '64Mi', '128Mi'),
  certController: memoryCapped('20m', '64Mi', '128Mi'),
} as const;

/** Properties for {@link ExternalSecrets}. */
export interface ExternalSecretsProps {
  /** The EKS cluster the Pod Identity association belongs to. */
  readonly clusterName: string;
  readonly accountId: string;
  readonly region: string;
  /** Name of the controller's IAM role (`environmentRoleNames(env).externalSecrets`). */
  readonly roleName: string;
  /** ARN of the permissions boundary the role(s) carry (`workloadBoundaryArn(platform)`). */
  readonly permissionsBoundaryArn: string;
  /** Secrets Manager name prefixes the cluster may read, e.g. `dev` grants `dev/*`. */
  readonly readablePrefixes: readonly string[];
  /**
   * What must exist before the operator's pods can be scheduled: they run on Karpenter capacity (not on the tainted
   * system nodes), so pass the release that creates the NodePool. On destroy the operator goes first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Namespaces of platform components that read secrets under the first prefix through its store (Argo CD's
   * repository credential, Grafana's login). @default - the Argo CD namespace
   */
  readonly platformNamespaces?: readonly string[];
}

/**
 * External Secrets Operator with its Pod Identity role and one `ClusterSecretStore` per secret prefix: the store of
 * `dev/*` is usable only from the namespace `dev` and reads through its own role, which only the controller may
 * assume; the controller itself reads nothing. The first prefix's store keeps the name `aws-secrets-manager`. The
 * stores (a local chart, decision 5) are installed after the operator's release, which brings the CRDs, and are
 * removed before it.
 */
export class ExternalSecrets extends Construct {
  /** The operator's role (read-only on the environment's prefixes) and its Pod Identity association. */
  public readonly identity: PodIdentityRole;
  /** The role of each prefix's store, by prefix. */
  public readonly storeRoles: Readonly<Record<string, StoreRole>>;
  /** The `external-secrets` Namespace (the webhook's key lives there; Helm state does not). */
  public readonly namespace: NamespaceRelease;
  public readonly operator: HelmAddon;
  public readonly store: KubernetesObjects;
  /** Nothing runs on the system nodes: every pod lands on Karpenter capacity (no CriticalAddonsOnly toleration). */
  public readonly systemPods: SystemPodRequest[] = [];

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    refuseInvalidProps(this, at => validateSecretsReadProps(props, at));

    const readable = props.readablePrefixes.map(p => `${p}/*`).join(', ');
    const partition = awsPartition(props.region);
    const iamRole = (name: string) =>
      arn({ service: 'iam', account: props.accountId, resource: `role/${name}` }, partition);
    const storeRoleArns = props.readablePrefixes.map(p => iamRole(storeRoleName(props.clusterName, p)));
    this.identity = addonIdentity(this, 'identity', props, {
      roleName: props.roleName,
      purpose: `External Secrets assuming the store roles of ${readable}`,
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
      inlinePolicies: {
        'assume-stores': { name: 'assume-store-roles', document: controllerAssumePolicy(storeRoleArns) },
      },
    });
    const storeRoles: Record<string, StoreRole> = {};
    for (const prefix of props.readablePrefixes) {
      storeRoles[prefix] = new StoreRole(this, `store-role-${prefix}`, {
        roleName: storeRoleName(props.clusterName, prefix),
        accountId: props.accountId,
        region: props.region,
        prefix,
        controllerRoleArn: this.identity.role.arn,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
      });
    }
    this.storeRoles = storeRoles;

    this.namespace = new NamespaceRelease(this, 'namespace', {
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      purpose: 'the External Secrets controller, its webhook and cert controller',
    });
    this.operator = new HelmAddon(this, 'operator', {
      releaseName: 'external-secrets',
      ...EXTERNAL_SECRETS_CHART,
      // Helm state only
      namespace: ADDON_STATE_NAMESPACE,
      values: {
        // every namespaced template names the chart's `external-secrets.namespace` helper (templates/_helpers.tpl
        // line 43 at helm-chart-2.9.0), the webhook's certificate Secret included; `.Release.Namespace` is used
        // only with `scopedRBAC`/`scopedNamespace`, which stay unset
        namespaceOverride: EXTERNAL_SECRETS_NAMESPACE,
        // CRDs are chart templates, so `helm upgrade` upgrades them with the operator.
        installCRDs: true,
        // ...and kept on uninstall: ESO 2.9 puts a finalizer on every ExternalSecret that only its controller removes,
        // so CRDs deleted with the controller would wait on their CRs forever (scripts/destroy.sh deletes the
        // ExternalSecrets first, while the controller runs). `crds.annotations` ({} by default) goes onto every CRD.
        crds: { annotations: { [HELM_RESOURCE_POLICY]: 'keep' } },
        replicaCount: 1,
        serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
        resources: EXTERNAL_SECRETS_RESOURCES.controller,
        webhook: { replicaCount: 1, resources: EXTERNAL_SECRETS_RESOURCES.webhook },
        certController: { replicaCount: 1, resources: EXTERNAL_SECRETS_RESOURCES.certController },
      },
      // Pod Identity injects credentials when a pod starts: the association and its permissions must exist first.
      dependsOn: [this.namespace.helm.release, ...this.identity.ready, ...(props.dependsOn ?? [])],
    });

    // the environment's own store also serves the platform's namespaces (`argocd`, whose repository credential lives
    // under the cluster's own prefix, docs/ARGOCD-SETUP.md; `monitoring`); no application namespace but the prefix's
    // own may use a store
    const stores = props.readablePrefixes.map((prefix, i) =>
      clusterSecretStore({
        name: prefixStoreName(prefix, i === 0),
        region: props.region,
        namespaces: i === 0 ? [prefix, ...(props.platformNamespaces ?? [ARGO_CD_NAMESPACE])] : [prefix],
        roleArn: storeRoleArns[i],
      }),
    );
    this.store = new KubernetesObjects(this, 'store', {
      name: 'external-secrets-store',
      description:
        `ClusterSecretStores ${stores.map(s => s.metadata.name).join(', ')}: AWS Secrets Manager in ` +
        `${props.region}`,
      objects: stores,
      // Helm state only: ClusterSecretStores are cluster-scoped
      namespace: ADDON_STATE_NAMESPACE,
      timeoutSeconds: 300,
      dependsOn: [this.operator.release, ...Object.values(storeRoles).flatMap(r => [r.role, r.policy])],
    });
  }
}
