import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ChartAsset } from './chart-asset';

/** A Kubernetes object as rendered YAML: the typed custom resources of the add-ons. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Properties for {@link LocalChart}. */
export interface LocalChartProps {
  /** Chart name (a DNS label). */
  readonly name: string;
  /** Chart version; bump it to make the change visible in `helm history`. @default LOCAL_CHART_VERSION */
  readonly version?: string;
  readonly description: string;
  readonly objects: readonly KubernetesObject[];
  /**
   * Names of values known only at apply (Terraform references such as a certificate ARN) that objects hold as
   * {@link chartValue} markers; the release passes them as `values.substitutions` and the template puts them in.
   * @default - none: the files are emitted verbatim
   */
  readonly substitutions?: readonly string[];
}

/** Version of every local chart: `helm history` shows a change by its revision, not by this version. */
export const LOCAL_CHART_VERSION = '1.0.0';

/** Placeholder of a substituted value in an object (see {@link LocalChartProps.substitutions}). */
export function chartValue(name: string): string {
  return `@@${name}@@`;
}

/** The chart's only template: it emits each file under files/ verbatim, so `{{ }}` in objects is never templated. */
const VERBATIM_TEMPLATE = `{{- range $path, $_ := .Files.Glob "files/*.yaml" }}
---
{{ $.Files.Get $path }}
{{- end }}
`;

/**
 * The same, with each `@@name@@` of a file replaced by `.Values.substitutions.name` (sprig `replace`): only the
 * markers change, so `{{ }}` in objects still reaches the cluster untouched.
 */
const SUBSTITUTING_TEMPLATE = `{{- range $path, $_ := .Files.Glob "files/*.yaml" }}
{{- $text := $.Files.Get $path }}
{{- range $name, $value := $.Values.substitutions }}
{{- $text = replace (printf "@@%s@@" $name) (toString $value) $text }}
{{- end }}
---
{{ $text }}
{{- end }}
`;

export function renderObject(object: KubernetesObject): string {
  return stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }); // no &anchors: plain YAML for readers
}

/**
 * A small Helm chart rendered from typed objects, written at synth into the stack's assets
 * (`cdktf.out/stacks/<stack>/assets/...`, {@link ChartAsset}) so a reader sees the YAML. A `helm_release` that
 * depends on the operator's release installs it: unlike `kubernetes_manifest`, it needs no CRD at plan time
 * (decision 5).
 */
export class LocalChart extends Construct {
  /** Path of the chart inside the stack directory, for `helm_release.chart`. */
  public readonly path: string;
  public readonly objects: readonly KubernetesObject[];
  private readonly substitutions: readonly string[];

  constructor(scope: Construct, id: string, props: LocalChartProps) {
    super(scope, id);
    this.objects = props.objects;
    this.substitutions = props.substitutions ?? [];
    const files: Record<string, string> = {
      'Chart.yaml': stringify({
        apiVersion: 'v2',
        name: props.name,
        description: props.description,
        type: 'application',
        version: props.version ?? LOCAL_CHART_VERSION,
      }),
      'templates/objects.yaml': this.substitutions.length > 0 ? SUBSTITUTING_TEMPLATE : VERBATIM_TEMPLATE,
    };
    props.objects.forEach((object, i) => {
      const file = `${String(i).padStart(2, '0')}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
      files[`files/${file}`] = renderObject(object);
    });
    this.path = new ChartAsset(this, 'chart', { files }).path;
  }

  /** The release values that fill the markers: exactly the declared substitutions, each a non-empty value. */
  releaseValues(values: Readonly<Record<string, string>>): Record<string, unknown> {
    const given = Object.keys(values).sort();
    if (JSON.stringify(given) !== JSON.stringify([...this.substitutions].sort())) {
      const expected = this.substitutions.join(', ') || 'nothing';
      const got = given.join(', ') || 'nothing';
      throw new Error(`chart ${this.node.path} substitutes ${expected}, got values for ${got}`);
    }
    return this.substitutions.length === 0 ? {} : { substitutions: values };
  }
}
