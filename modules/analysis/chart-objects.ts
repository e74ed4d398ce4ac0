import type { IConstruct } from 'constructs';
import { KubernetesObject, LocalChart } from '../addons/local-chart';

/** A Kubernetes object a stack installs through one of its local charts, with the chart's construct path. */
export interface ChartObject {
  /** Construct path of the {@link LocalChart} that renders it, e.g. `dev-addons/karpenter/node-pools-chart`. */
  readonly installedBy: string;
  readonly object: KubernetesObject;
}

/** The objects of every local chart under `scope`, in construct-tree order, from the tree (not the written YAML). */
export function chartObjects(scope: IConstruct): ChartObject[] {
  return scope.node
    .findAll()
    .filter((c): c is LocalChart => c instanceof LocalChart)
    .flatMap(chart => chart.objects.map(object => ({ installedBy: chart.node.path, object })));
}
