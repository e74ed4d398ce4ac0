import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmAddon } from './helm-addon';
import { KubernetesObject, LOCAL_CHART_VERSION, LocalChart } from './local-chart';

/** Properties for {@link KubernetesObjects}. */
export interface KubernetesObjectsProps {
  /** Name of the chart and of its Helm release: a DNS label of at most 53 characters (Helm limit). */
  readonly name: string;
  /** Release namespace: where Helm keeps the release's state. Namespaced objects name their own namespace. */
  readonly namespace: string;
  /** What the objects are, for the chart's description. */
  readonly description: string;
  readonly objects: readonly KubernetesObject[];
  /**
   * Values known only at apply (Terraform references such as a certificate ARN) by name; objects hold each as a
   * `chartValue(name)` marker, which the release's values fill.
   * @default - none: the objects are installed verbatim
   */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Seconds Helm waits for the release. @default 600 */
  readonly timeoutSeconds?: number;
  /** Resources that must exist first (and, on destroy, are removed after the objects). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Construct id of the chart, created beside this construct (in `scope`). Ids are the contract: the chart's id names
   * its asset folder (`helm_release.chart`), this construct's id the release's Terraform address.
   * @default - `${id}-chart`
   */
  readonly chartId?: string;
}

/**
 * Kubernetes objects installed as one local chart by one Helm release (exact version, atomic, waited for), after
 * `dependsOn`: unlike `kubernetes_manifest`, a release needs no CRD at plan time. Readers of the rendered objects
 * find the {@link LocalChart}; the release is this construct.
 */
export class KubernetesObjects extends HelmAddon {
  public readonly chart: LocalChart;

  constructor(scope: Construct, id: string, props: KubernetesObjectsProps) {
    const substitutions = props.substitutions ?? {};
    const chart = new LocalChart(scope, props.chartId ?? `${id}-chart`, {
      name: props.name,
      description: props.description,
      objects: props.objects,
      substitutions: Object.keys(substitutions),
    });
    super(scope, id, {
      releaseName: props.name,
      chart: chart.path,
      version: LOCAL_CHART_VERSION,
      namespace: props.namespace,
      values: chart.releaseValues(substitutions),
      timeoutSeconds: props.timeoutSeconds,
      dependsOn: props.dependsOn,
    });
    this.chart = chart;
  }

  /** The objects the release installs. */
  public get objects(): readonly KubernetesObject[] {
    return this.chart.objects;
  }
}
