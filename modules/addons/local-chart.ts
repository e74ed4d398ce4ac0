import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { stringify } from 'yaml';

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
  /** Chart version; bump it to make the change visible in `helm history`. @default 1.0.0 */
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

let chartRoot: string | undefined;

/**
 * This process's own folder for rendered charts, removed when it exits. A folder shared by every synth let one synth
 * truncate chart files while another copied them (zero-byte assets with two synths at once).
 */
function privateChartRoot(): string {
  if (chartRoot === undefined) {
    const root = mkdtempSync(join(tmpdir(), 'eks-platform-charts-'));
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    chartRoot = root;
  }
  return chartRoot;
}

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
 * A small Helm chart rendered at synth from typed objects, copied into the stack as a cdktf asset
 * (`cdktf.out/stacks/<stack>/assets/...`) so a reader sees the YAML. A `helm_release` that depends on the operator's
 * release installs it: unlike `kubernetes_manifest`, it needs no CRD at plan time (decision 5).
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
      'Chart.yaml': stringify({ apiVersion: 'v2', name: props.name, description: props.description, type: 'application', version: props.version ?? '1.0.0' }),
      'templates/objects.yaml': this.substitutions.length > 0 ? SUBSTITUTING_TEMPLATE : VERBATIM_TEMPLATE,
    };
    props.objects.forEach((object, i) => {
      const file = `${String(i).padStart(2, '0')}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
      files[`files/${file}`] = renderObject(object);
    });
    const hash = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
    const dir = join(privateChartRoot(), `${props.name}-${hash}`); // the asset's hash is of the contents, not this path
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    this.path = new TerraformAsset(this, 'chart', { path: dir, type: AssetType.DIRECTORY }).path;
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
