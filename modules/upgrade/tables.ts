import { platform } from '../../environments/platform';
import { KUBERNETES_VERSIONS, KubernetesVersionSupport } from '../../environments/kubernetes-versions';
import type { EnvironmentConfig } from '../../environments/types';
import { ARGO_CD_CHART } from '../argocd/argocd';
import { ADDON_VERSIONS, AddonVersions } from '../cluster/addon-versions';
import { SYSTEM_NODE_AMI_TYPE } from '../cluster/system-node-group';
import { EXTERNAL_DNS_CHART } from '../edge/external-dns';
import { EXTERNAL_SECRETS_CHART } from '../external-secrets/external-secrets';
import { INGRESS_NGINX_CHART } from '../ingress-nginx/ingress-nginx';
import { KARPENTER_CHART, KARPENTER_CRD_CHART } from '../karpenter/karpenter';
import { AL2023_AMI_ALIAS } from '../karpenter/node-pool';
import { LBC_CHART } from '../load-balancer-controller/load-balancer-controller';
import {
  ALLOY_CHART,
  KUBE_PROMETHEUS_STACK_CHART,
  LOKI_CHART,
  PROMETHEUS_OPERATOR_CRDS_CHART,
} from '../observability/charts';
import { AL2023_AMI_RELEASES, AmiReleaseCoverage, CHART_COMPATIBILITY, ChartCompatibility } from './compatibility';
import { InstalledChart, installedCharts } from './installed-charts';

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
  /** Where each chart constant lives, for the edits; the order of the plan. */
  readonly charts: readonly PinnedChart[];
  /** The remote charts one environment installs: the charts the plan checks. */
  readonly installedCharts: (env: EnvironmentConfig) => readonly InstalledChart[];
  readonly chartCompatibility: readonly ChartCompatibility[];
  /** Karpenter's EC2NodeClass alias, e.g. `al2023@v20260714`. */
  readonly karpenterAmiAlias: string;
  readonly amiReleases: readonly AmiReleaseCoverage[];
  readonly systemNodeAmiType: string;
}

const OBSERVABILITY_CHARTS = 'modules/observability/charts.ts';
const installedByEnv = new WeakMap<EnvironmentConfig, readonly InstalledChart[]>();

function pinned(
  component: string,
  constant: { readonly chart: string; readonly version: string },
  file: string,
  name: string,
): PinnedChart {
  return { component, chart: constant.chart, version: constant.version, pinnedIn: { file, field: `${name}.version` } };
}

/** The project's own tables: the ones synth uses. */
export const PROJECT_TABLES: UpgradeTables = {
  kubernetesVersions: KUBERNETES_VERSIONS,
  addonVersions: ADDON_VERSIONS,
  charts: [
    pinned('Karpenter', KARPENTER_CHART, 'modules/karpenter/karpenter.ts', 'KARPENTER_CHART'),
    // KARPENTER_CRD_CHART spreads KARPENTER_CHART: one version for both
    pinned('Karpenter CRDs', KARPENTER_CRD_CHART, 'modules/karpenter/karpenter.ts', 'KARPENTER_CHART'),
    pinned(
      'AWS Load Balancer Controller',
      LBC_CHART,
      'modules/load-balancer-controller/load-balancer-controller.ts',
      'LBC_CHART',
    ),
    pinned('ingress-nginx', INGRESS_NGINX_CHART, 'modules/ingress-nginx/ingress-nginx.ts', 'INGRESS_NGINX_CHART'),
    pinned('external-dns', EXTERNAL_DNS_CHART, 'modules/edge/external-dns.ts', 'EXTERNAL_DNS_CHART'),
    pinned(
      'External Secrets',
      EXTERNAL_SECRETS_CHART,
      'modules/external-secrets/external-secrets.ts',
      'EXTERNAL_SECRETS_CHART',
    ),
    pinned('Argo CD', ARGO_CD_CHART, 'modules/argocd/argocd.ts', 'ARGO_CD_CHART'),
    pinned(
      'Prometheus Operator CRDs',
      PROMETHEUS_OPERATOR_CRDS_CHART,
      OBSERVABILITY_CHARTS,
      'PROMETHEUS_OPERATOR_CRDS_CHART',
    ),
    pinned('kube-prometheus-stack', KUBE_PROMETHEUS_STACK_CHART, OBSERVABILITY_CHARTS, 'KUBE_PROMETHEUS_STACK_CHART'),
    pinned('Loki', LOKI_CHART, OBSERVABILITY_CHARTS, 'LOKI_CHART'),
    pinned('Alloy', ALLOY_CHART, OBSERVABILITY_CHARTS, 'ALLOY_CHART'),
  ],
  installedCharts: env => {
    // one in-memory build of the addons stack per environment object (a plan reads it once, tests many times)
    let charts = installedByEnv.get(env);
    if (charts === undefined) installedByEnv.set(env, (charts = installedCharts(platform, env)));
    return charts;
  },
  chartCompatibility: CHART_COMPATIBILITY,
  karpenterAmiAlias: AL2023_AMI_ALIAS,
  amiReleases: AL2023_AMI_RELEASES,
  systemNodeAmiType: SYSTEM_NODE_AMI_TYPE,
};
