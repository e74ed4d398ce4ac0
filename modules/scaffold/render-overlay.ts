import { posix } from 'path';
import { parse } from 'yaml';
import { mergeValues, renderedObjects, renderTemplate } from './helm-subset';

/** How Argo CD renders one overlay: the release and namespace it passes to `helm template`. */
export interface OverlayRelease {
  /** Overlay directory inside the helm-charts repository, e.g. `myapp/overlays/dev`. */
  readonly path: string;
  /** Argo CD's default Helm release name is the Application name (Application `spec.source.helm.releaseName`). */
  readonly releaseName: string;
  readonly namespace: string;
}

interface ChartYaml {
  readonly name: string;
  readonly dependencies?: readonly { readonly name: string; readonly repository: string }[];
}

/**
 * Renders an overlay of the helm-charts repository as `helm dependency build` + `helm template` would for the
 * subset the scaffold uses: each `file://` dependency's templates with its own values.yaml, overridden by the
 * overlay's values under the dependency's name. `files` maps repository paths to their text.
 */
export function renderOverlay(
  files: Readonly<Record<string, string>>,
  release: OverlayRelease,
): Record<string, unknown>[] {
  const read = (path: string): string => {
    const text = files[path];
    if (text === undefined) throw new Error(`${path}: no such file in the helm-charts repository`);
    return text;
  };
  const chart = parse(read(`${release.path}/Chart.yaml`)) as ChartYaml;
  const overlayValues = (parse(read(`${release.path}/values.yaml`)) ?? {}) as Record<string, unknown>;
  const context = { Release: { Name: release.releaseName, Namespace: release.namespace } };
  return (chart.dependencies ?? []).flatMap(dep => {
    if (!dep.repository.startsWith('file://'))
      throw new Error(`${release.path}: dependency ${dep.name} is not a file:// chart`);
    const dir = posix.normalize(posix.join(release.path, dep.repository.slice('file://'.length)));
    const depChart = parse(read(`${dir}/Chart.yaml`)) as ChartYaml;
    if (depChart.name !== dep.name)
      throw new Error(`${release.path}: dependency ${dep.name} points at chart ${depChart.name}`);
    const values = mergeValues(parse(read(`${dir}/values.yaml`)), overlayValues[dep.name]);
    const templates = Object.keys(files)
      .filter(p => p.startsWith(`${dir}/templates/`) && p.endsWith('.yaml'))
      .sort();
    return renderedObjects(templates.map(t => renderTemplate(t, files[t], { ...context, Values: values })));
  });
}
