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

  constructor(scope: Construct, id: string, props: LocalChartProps) {
    super(scope, id);
    this.objects = props.objects;
    const files: Record<string, string> = {
      'Chart.yaml': stringify({ apiVersion: 'v2', name: props.name, description: props.description, type: 'application', version: props.version ?? '1.0.0' }),
      'templates/objects.yaml': VERBATIM_TEMPLATE,
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
}
