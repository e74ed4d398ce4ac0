import { Release } from '@cdktf/provider-helm/lib/release';
import { dependable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** Properties for {@link HelmAddon}. */
export interface HelmAddonProps {
  /** Helm release name, at most 53 characters (Helm limit). */
  readonly releaseName: string;
  /** Chart repository: an `https://` URL or an `oci://` registry. @default - a local chart (`chart` is a path) */
  readonly repository?: string;
  readonly chart: string;
  /** Exact chart version, no ranges: synth stays reproducible. */
  readonly version: string;
  readonly namespace: string;
  /** Chart values, rendered as one JSON document (valid YAML) that tests can parse. @default - chart defaults */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Seconds Helm waits for the release (and atomic rollback). @default 600 */
  readonly timeoutSeconds?: number;
  /** Resources that must exist first (and, on destroy, are removed after this release). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /** Leave the chart's `crds/` folder out, for CRDs another release owns. @default false */
  readonly skipCrds?: boolean;
}

const HELM_RELEASE_NAME_MAX = 53;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;
export const DEFAULT_HELM_TIMEOUT_SECONDS = 600;
/** Revisions Helm keeps per release (its own default, 0, keeps every one: release Secrets pile up forever). */
export const HELM_MAX_HISTORY = 10;

export function validateHelmAddonProps(props: HelmAddonProps): void {
  if (props.releaseName.length > HELM_RELEASE_NAME_MAX || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.releaseName)) {
    throw new Error(
      `releaseName must be a DNS label of at most ${HELM_RELEASE_NAME_MAX} characters, got "${props.releaseName}"`,
    );
  }
  if (!EXACT_VERSION.test(props.version)) {
    throw new Error(`version of chart ${props.chart} must be an exact version such as 1.2.3, got "${props.version}"`);
  }
  if (props.repository !== undefined && !/^(https|oci):\/\//.test(props.repository)) {
    throw new Error(`repository of chart ${props.chart} must be an https:// or oci:// URL, got "${props.repository}"`);
  }
}

/**
 * One Helm release: exact version, atomic (a failed install or upgrade rolls back), waited for, with a timeout.
 * Values are one JSON document so the synthesized stack shows them and tests can parse them.
 */
export class HelmAddon extends Construct {
  public readonly release: Release;
  private currentValues: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: HelmAddonProps) {
    super(scope, id);
    validateHelmAddonProps(props);
    this.currentValues = props.values ?? {};
    this.release = new Release(this, 'release', {
      name: props.releaseName,
      repository: props.repository,
      chart: props.chart,
      version: props.version,
      namespace: props.namespace,
      createNamespace: true,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds ?? DEFAULT_HELM_TIMEOUT_SECONDS,
      maxHistory: HELM_MAX_HISTORY,
      values: [JSON.stringify(this.currentValues)],
      dependsOn: props.dependsOn,
      skipCrds: props.skipCrds,
    });
  }

  public get values(): Readonly<Record<string, unknown>> {
    return this.currentValues;
  }

  /**
   * Merges `patch` into the values (objects deeply, anything else replaced) and makes the release wait for `after`:
   * for settings a construct other than the owner decides, such as the metrics the observability stack scrapes.
   */
  public addValues(patch: Readonly<Record<string, unknown>>, after: readonly ITerraformDependable[] = []): void {
    this.currentValues = mergeValues(this.currentValues, patch);
    this.release.values = [JSON.stringify(this.currentValues)];
    if (after.length > 0)
      this.release.dependsOn = [...(this.release.dependsOn ?? []), ...after.map(d => dependable(d))];
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's own rule for values files given one after another: maps merge key by key, other values are replaced. */
export function mergeValues(
  base: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
  }
  return merged;
}

/** What one workload pinned to the system nodes asks for: the input of the schedule budget. */
export interface SystemPodRequest {
  /** Workload, e.g. `karpenter`. */
  readonly name: string;
  /** Pods per replica set; ignored for DaemonSets. */
  readonly replicas: number;
  /** A DaemonSet runs one pod on every system node. */
  readonly daemonSet?: boolean;
  /** CPU request per pod in millicores. */
  readonly cpuMillis: number;
  /** Memory request per pod in MiB. */
  readonly memoryMiB: number;
}
