import { KUBERNETES_VERSIONS, KubernetesVersionSupport } from '../../environments/kubernetes-versions';
import { ARGO_CD_CHART } from '../argocd/argocd';
import { ADDON_VERSIONS, AddonVersions } from '../cluster/addon-versions';
import { SYSTEM_NODE_AMI_TYPE } from '../cluster/system-node-group';
import { EXTERNAL_SECRETS_CHART } from '../external-secrets/external-secrets';
import { KARPENTER_CHART } from '../karpenter/karpenter';
import { AL2023_AMI_ALIAS } from '../karpenter/node-pool';
import { LBC_CHART } from '../load-balancer-controller/load-balancer-controller';
import { AL2023_AMI_RELEASES, AmiReleaseCoverage, CHART_COMPATIBILITY, ChartCompatibility } from './compatibility';

/** A chart version pinned in the code, and where to change it. */
export interface PinnedChart {
  readonly component: string;
  readonly chart: string;
  readonly version: string;
  /** File and constant that pin it, e.g. `modules/argocd/argocd.ts ARGO_CD_CHART.version`. */
  readonly pinnedIn: { readonly file: string; readonly field: string };
}

/** Everything the planner reads. Injected, so tests can plan against other tables. */
export interface UpgradeTables {
  readonly kubernetesVersions: readonly KubernetesVersionSupport[];
  readonly addonVersions: Readonly<Record<string, AddonVersions>>;
  readonly charts: readonly PinnedChart[];
  readonly chartCompatibility: readonly ChartCompatibility[];
  /** Karpenter's EC2NodeClass alias, e.g. `al2023@v20260714`. */
  readonly karpenterAmiAlias: string;
  readonly amiReleases: readonly AmiReleaseCoverage[];
  readonly systemNodeAmiType: string;
}

/** The project's own tables: the ones synth uses. */
export const PROJECT_TABLES: UpgradeTables = {
  kubernetesVersions: KUBERNETES_VERSIONS,
  addonVersions: ADDON_VERSIONS,
  charts: [
    { component: 'Karpenter', chart: KARPENTER_CHART.chart, version: KARPENTER_CHART.version,
      pinnedIn: { file: 'modules/karpenter/karpenter.ts', field: 'KARPENTER_CHART.version' } },
    { component: 'AWS Load Balancer Controller', chart: LBC_CHART.chart, version: LBC_CHART.version,
      pinnedIn: { file: 'modules/load-balancer-controller/load-balancer-controller.ts', field: 'LBC_CHART.version' } },
    { component: 'External Secrets', chart: EXTERNAL_SECRETS_CHART.chart, version: EXTERNAL_SECRETS_CHART.version,
      pinnedIn: { file: 'modules/external-secrets/external-secrets.ts', field: 'EXTERNAL_SECRETS_CHART.version' } },
    { component: 'Argo CD', chart: ARGO_CD_CHART.chart, version: ARGO_CD_CHART.version,
      pinnedIn: { file: 'modules/argocd/argocd.ts', field: 'ARGO_CD_CHART.version' } },
  ],
  chartCompatibility: CHART_COMPATIBILITY,
  karpenterAmiAlias: AL2023_AMI_ALIAS,
  amiReleases: AL2023_AMI_RELEASES,
  systemNodeAmiType: SYSTEM_NODE_AMI_TYPE,
};
