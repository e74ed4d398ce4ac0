import { Construct } from 'constructs';
import { KubernetesObjects } from './kubernetes-objects';
import { ADDON_STATE_NAMESPACE } from './namespaces';

/** Properties for {@link NamespaceRelease}. */
export interface NamespaceReleaseProps {
  /** The namespace a chart's `namespaceOverride` puts its objects in. */
  readonly namespace: string;
  /** Who runs there, for the chart's description. */
  readonly purpose: string;
}

/**
 * The Namespace a chart with `namespaceOverride` runs in, as a one-object local chart whose Helm state lives in
 * {@link ADDON_STATE_NAMESPACE}: Helm's `create_namespace` creates only the release namespace, never the one the
 * chart's objects name. The chart's release depends on this one, so it is installed after the Namespace and
 * uninstalled before it (deleting the Namespace removes what the controllers left there, such as webhook keys).
 */
export class NamespaceRelease extends Construct {
  public readonly helm: KubernetesObjects;

  constructor(scope: Construct, id: string, props: NamespaceReleaseProps) {
    super(scope, id);
    this.helm = new KubernetesObjects(this, 'release', {
      chartId: 'chart',
      name: `${props.namespace}-namespace`,
      description: `Namespace ${props.namespace}: ${props.purpose} (its Helm state lives in ${ADDON_STATE_NAMESPACE})`,
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.namespace } }],
      namespace: ADDON_STATE_NAMESPACE,
      timeoutSeconds: 300,
    });
  }
}
