import { supportPhase } from '../../environments/kubernetes-versions';
import type { EnvironmentConfig } from '../../environments/types';
import { MANAGED_ADDON_NAMES, ManagedAddonName } from '../cluster/addon-versions';
import { stackId } from '../naming';
import type { UpgradeTables } from './tables';

/**
 * The in-place upgrade of one environment by one Kubernetes minor, computed from the environment file and the
 * project's version tables only: no AWS API is called (the live account is the preflight's job, issue #9).
 */

/** A request the planner will not plan; the message is one line naming the value and what is allowed. */
export class UpgradeRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpgradeRefusal';
  }
}

export type StepId =
  | 'charts'
  | 'environment-file'
  | 'control-plane'
  | 'managed-addons'
  | 'system-node-group'
  | 'karpenter-nodes'
  | 'verify';

export interface UpgradeStep {
  readonly id: StepId;
  readonly title: string;
  /** What to do or what happens, one line each. */
  readonly lines: readonly string[];
  /** Commands to run for this step, if any. */
  readonly commands: readonly string[];
}

export interface AddonChange {
  readonly name: ManagedAddonName;
  readonly from: string;
  readonly to: string;
}

export interface ChartCheck {
  readonly component: string;
  readonly chart: string;
  readonly version: string;
  /**
   * `ok`: the target is in the stated range; `outside`: it is not; `unknown`: no row for the pinned version, or a
   * row with no upper bound at or above the target's minimum.
   */
  readonly status: 'ok' | 'outside' | 'unknown';
  readonly kubernetes?: { readonly min?: string; readonly max?: string };
  readonly source?: string;
  readonly note?: string;
  readonly pinnedIn: { readonly file: string; readonly field: string };
}

export interface FileEdit {
  readonly file: string;
  readonly field: string;
  readonly from: string;
  /** The new value, or a description when the tables do not know it. */
  readonly to: string;
}

export interface UpgradePlan {
  readonly environment: string;
  readonly cluster: string;
  readonly from: string;
  readonly to: string;
  readonly endOfStandardSupport: string;
  readonly addons: readonly AddonChange[];
  readonly charts: readonly ChartCheck[];
  readonly karpenter: { readonly alias: string; readonly release: string; readonly coversTarget: boolean };
  readonly systemNodeGroup: { readonly amiType: string; readonly from: string; readonly to: string };
  readonly edits: readonly FileEdit[];
  readonly steps: readonly UpgradeStep[];
  readonly notes: readonly string[];
}

const MINOR = /^1\.(\d{1,3})$/;

function minorOf(version: string): number {
  const m = MINOR.exec(version);
  if (!m) throw new UpgradeRefusal(`--to must be a Kubernetes minor such as 1.36, got "${version}"`);
  return Number(m[1]);
}

/** `a` <= `b` for Kubernetes minors `1.x`. */
const atMost = (a: string, b: string): boolean => minorOf(a) <= minorOf(b);
const range = (r: { min?: string; max?: string }): string =>
  r.min === r.max ? `only ${r.max}` : r.min === undefined ? `up to ${r.max}` : `${r.min}-${r.max}`;

function checkRequest(env: EnvironmentConfig, to: string, tables: UpgradeTables, today: Date): void {
  const from = env.cluster.kubernetesVersion;
  const target = minorOf(to);
  const current = minorOf(from);
  const where = `${env.name} (cluster ${env.cluster.name}) runs ${from}`;
  if (target === current) throw new UpgradeRefusal(`${where}: it is already on ${to}, nothing to upgrade`);
  if (target < current) {
    throw new UpgradeRefusal(
      `${where}: ${to} is a downgrade; EKS only upgrades ` +
        '(a control-plane upgrade can be rolled back within 7 days of it, nothing older)',
    );
  }
  if (target > current + 1) {
    const skipped = Array.from({ length: target - current - 1 }, (_, i) => `1.${current + 1 + i}`).join(', ');
    throw new UpgradeRefusal(
      `${where}: ${to} skips ${skipped}; EKS upgrades one minor at a time: ` + `run --to 1.${current + 1} first`,
    );
  }
  const entry = tables.kubernetesVersions.find(v => v.version === to);
  if (!entry) {
    const known = tables.kubernetesVersions.map(v => v.version).join(', ');
    throw new UpgradeRefusal(
      `${to} has no row in environments/kubernetes-versions.ts (known: ${known}): ` +
        'its EKS support dates are not recorded; add them first',
    );
  }
  if (supportPhase(entry, today) === 'ended') {
    throw new UpgradeRefusal(`${to} left EKS extended support on ${entry.endOfExtendedSupport}: EKS no longer runs it`);
  }
  if (!Object.prototype.hasOwnProperty.call(tables.addonVersions, to)) {
    throw new UpgradeRefusal(
      `${to} has no managed add-on versions in modules/cluster/addon-versions.ts ` +
        `(pinned: ${Object.keys(tables.addonVersions).join(', ')}); ` +
        `add a row first (aws eks describe-addon-versions --kubernetes-version ${to})`,
    );
  }
  if (!Object.prototype.hasOwnProperty.call(tables.addonVersions, from)) {
    throw new UpgradeRefusal(
      `${where}: ${from} has no row in modules/cluster/addon-versions.ts, ` + 'so the current add-ons are unknown',
    );
  }
}

/** The remote charts `env` installs, in the order of `tables.charts`; one no entry describes comes last, as unknown. */
function chartChecks(env: EnvironmentConfig, to: string, tables: UpgradeTables): ChartCheck[] {
  const installed = tables.installedCharts(env);
  const known = tables.charts.filter(c => installed.some(i => i.chart === c.chart));
  const unlisted = installed
    .filter(i => !tables.charts.some(c => c.chart === i.chart))
    .map(i => ({
      component: i.chart,
      chart: i.chart,
      version: i.version,
      pinnedIn: { file: 'modules/upgrade/tables.ts', field: `charts (no entry for ${i.chart})` },
    }));
  return [...known, ...unlisted].map(pinned => {
    const row = tables.chartCompatibility.find(c => c.chart === pinned.chart && c.version === pinned.version);
    if (!row) return { ...pinned, status: 'unknown' as const };
    const { min, max } = row.kubernetes;
    const status =
      min !== undefined && !atMost(min, to)
        ? ('outside' as const)
        : max === undefined
          ? ('unknown' as const)
          : atMost(to, max)
            ? ('ok' as const)
            : ('outside' as const);
    const note = row.note === undefined ? {} : { note: row.note };
    return { ...pinned, status, kubernetes: row.kubernetes, source: row.source, ...note };
  });
}

/** The ordered steps of upgrading `env` to the next minor `to`; throws {@link UpgradeRefusal} for anything else. */
export function planUpgrade(
  env: EnvironmentConfig,
  to: string,
  tables: UpgradeTables,
  today: Date = new Date(),
  /** Every environment in deploy order: a later one is upgraded only after the first. @default [env] */
  environments: readonly EnvironmentConfig[] = [env],
): UpgradePlan {
  checkRequest(env, to, tables, today);
  const from = env.cluster.kubernetesVersion;
  const entry = tables.kubernetesVersions.find(v => v.version === to)!;
  const eks = stackId(env.name, 'eks');
  const addonsStack = stackId(env.name, 'addons');
  const envFile = `environments/${env.name}.ts`;

  const addons: AddonChange[] = MANAGED_ADDON_NAMES.map(name => ({
    name,
    from: tables.addonVersions[from][name],
    to: tables.addonVersions[to][name],
  }));
  const charts = chartChecks(env, to, tables);
  const release = tables.karpenterAmiAlias.split('@')[1] ?? '';
  const coversTarget = tables.amiReleases.some(r => r.release === release && r.kubernetes.includes(to));

  const toMove = charts.filter(c => c.status === 'outside');
  const unknown = charts.filter(c => c.status === 'unknown');
  // environments before this one in deploy order that are not on the target yet
  const behind = environments
    .slice(
      0,
      Math.max(
        0,
        environments.findIndex(e => e.name === env.name),
      ),
    )
    .filter(e => minorOf(e.cluster.kubernetesVersion) < minorOf(to));
  const edits: FileEdit[] = [
    // one edit per pin (karpenter and karpenter-crd share KARPENTER_CHART.version)
    ...toMove
      .filter((c, i) => toMove.findIndex(o => o.pinnedIn.field === c.pinnedIn.field) === i)
      .map(c => ({
        file: c.pinnedIn.file,
        field: c.pinnedIn.field,
        from: c.version,
        to: `a release of ${c.chart} supported on ${to} (then its row in modules/upgrade/compatibility.ts)`,
      })),
    ...(coversTarget
      ? []
      : [
          {
            file: 'modules/karpenter/node-pool.ts',
            field: 'AL2023_AMI_ALIAS',
            from: tables.karpenterAmiAlias,
            to: `al2023@<an amazon-eks-ami release with ${to} AMIs> (then its row in modules/upgrade/compatibility.ts)`,
          },
        ]),
    { file: envFile, field: 'cluster.kubernetesVersion', from, to },
  ];

  const chartLine = (c: ChartCheck): string => {
    const head = `${c.component}: chart ${c.chart} ${c.version}`;
    if (c.status === 'unknown' && c.kubernetes === undefined) {
      return (
        `${head}: unknown: check the release notes for ${to}, then add its row to ` +
        `modules/upgrade/compatibility.ts (${c.pinnedIn.file} ${c.pinnedIn.field})`
      );
    }
    const r = c.kubernetes!;
    if (c.status === 'unknown') {
      const stated =
        r.min === undefined ? 'states no supported Kubernetes range' : `supports ${r.min} and later, no upper bound`;
      return `${head} ${stated}: unknown: check the release notes for ${to} (${c.source})`;
    }
    const stated = r.max === undefined ? `${r.min} and later` : range(r);
    return (
      `${head} supports ${stated}` +
      (c.status === 'ok'
        ? `, which includes ${to}: no change`
        : `, not ${to}: move ${c.pinnedIn.field} in ${c.pinnedIn.file} to a release supported on ${to}, ` +
          `read its upgrade notes, apply ${addonsStack}` +
          (c.note ? `; ${c.note}` : '')) +
      ` (${c.source})`
    );
  };

  const steps: UpgradeStep[] = [
    {
      id: 'charts',
      title: `Charts whose supported Kubernetes range excludes ${to} (before the control plane)`,
      lines: [
        ...charts.map(chartLine),
        ...(toMove.length === 0 && unknown.length === 0
          ? [`Every chart covers ${to}: nothing to apply before the control plane.`]
          : []),
        ...(toMove.length === 0
          ? []
          : [`Move these first, on ${from}: a controller must support the new minor before the API server runs it.`]),
        ...(unknown.length === 0
          ? []
          : [
              `Not known to support ${to}: ${unknown.map(c => c.chart).join(', ')}; read their release notes before ` +
                `the ` +
                'control plane (and move a pin the notes rule out, as above).',
            ]),
      ],
      commands:
        toMove.length === 0 ? [] : [`scripts/deploy.sh ${addonsStack} --plan`, `scripts/deploy.sh ${addonsStack}`],
    },
    {
      id: 'environment-file',
      title: `Edit ${envFile} (and the pins named above)`,
      lines: edits.map(e => `${e.file}: ${e.field} ${JSON.stringify(e.from)} -> ${JSON.stringify(e.to)}`),
      commands: ['npm test', 'npx cdktf synth'],
    },
    {
      id: 'control-plane',
      title: `Control plane ${from} -> ${to} (${eks})`,
      lines: [
        `aws_eks_cluster ${env.cluster.name}: version ${from} -> ${to}, in place (one minor; EKS refuses skips).`,
        `${to} is in standard support until ${entry.endOfStandardSupport} (environments/kubernetes-versions.ts).`,
        `Rollback: EKS can roll the control plane back to ${from} within 7 days of the upgrade; add-ons, etcd data ` +
          'and node groups are not rolled back with it: put their versions back through this project first.',
        `One apply of ${eks} does this step and the two after it, in this order (the add-ons and the node group ` +
          'depend on the cluster).',
      ],
      commands: [`scripts/deploy.sh ${eks} --plan`, `scripts/deploy.sh ${eks}`],
    },
    {
      id: 'managed-addons',
      title: `Managed add-ons to the ${to} row of modules/cluster/addon-versions.ts`,
      lines: addons.map(a => `${a.name}: ${a.from} -> ${a.to}${a.from === a.to ? ' (unchanged)' : ''}`),
      commands: [],
    },
    {
      id: 'system-node-group',
      title: `System node group to ${to} (${tables.systemNodeAmiType})`,
      lines: [
        `aws_eks_node_group system: version ${from} -> ${to}; ami_type ${tables.systemNodeAmiType}: ` +
          `EKS takes the latest AL2023 EKS AMI release for ${to} (the launch template pins no image) ` +
          'and replaces the nodes one at a time.',
      ],
      commands: [],
    },
    {
      id: 'karpenter-nodes',
      title: `Karpenter nodes: AMI alias ${tables.karpenterAmiAlias} and drift`,
      lines: [
        coversTarget
          ? `${tables.karpenterAmiAlias} (modules/karpenter/node-pool.ts) ships AMIs for ${to}: no alias change.`
          : `${tables.karpenterAmiAlias} has no AMIs for ${to} in modules/upgrade/compatibility.ts: move ` +
            `AL2023_AMI_ALIAS to a release that has, before the control plane.`,
        `Once the control plane runs ${to}, the alias resolves to the ${to} AMI: Karpenter marks its nodes ` +
          'Drifted and replaces them, at most 10% of the nodes at a time (NodePool disruption budget), ' +
          'honouring PodDisruptionBudgets.',
      ],
      commands: ['kubectl get nodeclaims -o wide', 'kubectl get nodes -L karpenter.sh/nodepool'],
    },
    {
      id: 'verify',
      title: 'Verify the running platform',
      lines: [`Every node reports kubelet ${to}; then run the smoke test.`],
      commands: [`kubectl get nodes`, `scripts/smoke.sh ${env.name}`],
    },
  ];

  return {
    environment: env.name,
    cluster: env.cluster.name,
    from,
    to,
    endOfStandardSupport: entry.endOfStandardSupport,
    addons,
    charts,
    karpenter: { alias: tables.karpenterAmiAlias, release, coversTarget },
    systemNodeGroup: { amiType: tables.systemNodeAmiType, from, to },
    edits,
    steps,
    notes: [
      "This plan reads only the project's tables and calls no AWS API; the preflight script (issue #9) " +
        `checks the live account: that EKS offers the pinned add-on versions for ${to}.`,
      ...behind.map(
        e => `${e.name} still runs ${e.cluster.kubernetesVersion}: upgrade it to ${to} and run its smoke test first.`,
      ),
      `Upgrade ${environments[0]?.name ?? env.name} first; the others after it ran clean through the smoke test.`,
    ],
  };
}
