import { posix } from 'path';
import { stringify } from 'yaml';
import { ConfigError } from '../../environments/validate';
import { CHART_VERSION } from './chart';
import { applicationHostname, edgeValues } from './edge';
import type { RenderedApplication } from './platform-facts';
import { DEFAULT_REPLICAS, stageFor } from './promotion';

/** The image tag an overlay carries until CI's first bump writes a commit SHA. */
export const UNBUILT_IMAGE_TAG = 'not-built-yet';

/** `<app>/overlays/<env>` is the only layout the scaffold writes (the ApplicationSets' paths must match it). */
export const OVERLAY_PATH = /^([a-z0-9][a-z0-9-]*)\/overlays\/([a-z0-9][a-z0-9-]*)$/;

/** The chart directory beside the overlays. */
export const chartPath = (app: string): string => `${app}/chart`;

/**
 * The ClusterSecretStore an application's ExternalSecret names: the store whose `spec.conditions` admit the
 * application's namespace (External Secrets refuses a ClusterSecretStore to a namespace no condition matches), or
 * the cluster's one unconditioned store.
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export function secretStoreFor(application: RenderedApplication, namespace: string): string {
  const stores = application.secretStores;
  const named = stores.filter(s => s.namespaces?.includes(namespace));
  const open = stores.filter(s => s.namespaces === undefined);
  const chosen = named.length === 1 ? named : named.length === 0 ? open : [];
  if (chosen.length === 1) return chosen[0].name;
  throw new ConfigError(
    `${application.environment.name} ClusterSecretStores`,
    stores.map(s => s.name),
    `exactly one store whose conditions admit namespace "${namespace}", or one store without conditions`,
  );
}

/** Secrets Manager entries the application reads: the environment's containers under `<namespace>/<app>/`. */
export function secretKeys(application: RenderedApplication, app: string): { prefix: string; keys: string[] } {
  const env = application.environment;
  const prefix = application.namespace;
  if (!env.secrets.readablePrefixes.includes(prefix)) {
    throw new ConfigError(
      `${env.name}.secrets.readablePrefixes`,
      env.secrets.readablePrefixes,
      `must include "${prefix}", the namespace of application ${application.name}`,
    );
  }
  const keys = env.secrets.containers.filter(c => c.startsWith(`${prefix}/${app}/`));
  if (keys.length === 0) {
    throw new ConfigError(
      `${env.name}.secrets.containers`,
      env.secrets.containers,
      `must name at least one secret under "${prefix}/${app}/" for ${application.name}`,
    );
  }
  return { prefix, keys };
}

/** The values of one overlay, nested under the chart's name (Helm passes them to the dependency). */
export function overlayValues(application: RenderedApplication, app: string) {
  const { prefix, keys } = secretKeys(application, app);
  return {
    [app]: {
      image: { tag: UNBUILT_IMAGE_TAG },
      replicas: { ...(stageFor(application.namespace)?.replicas ?? DEFAULT_REPLICAS) },
      hostnames: [applicationHostname(application.environment, app, application.namespace)],
      ...edgeValues(application.environment),
      externalSecret: { enabled: true, storeName: secretStoreFor(application, prefix), refreshInterval: '1h', keys },
    },
  };
}

/** The files of one overlay at exactly the application's path: a chart that depends on `../../chart`. */
export function overlayFiles(application: RenderedApplication, app: string): Record<string, string> {
  const dependency = {
    name: app,
    version: CHART_VERSION,
    repository: `file://${posix.relative(application.path, chartPath(app))}`,
  };
  const chart = {
    apiVersion: 'v2',
    name: `${app}-${application.namespace}`,
    type: 'application',
    version: CHART_VERSION,
    dependencies: [dependency],
  };
  const header = [
    `# Argo CD application ${application.name} (${application.environment.name} cluster, ` +
      `namespace ${application.namespace}, sync ${application.sync}).`,
    `# CI writes ${app}.image.tag (a commit SHA: the ECR repositories are IMMUTABLE); revert that commit to roll back.`,
  ].join('\n');
  return {
    [`${application.path}/Chart.yaml`]: stringify(chart),
    [`${application.path}/values.yaml`]: `${header}\n${stringify(overlayValues(application, app))}`,
  };
}
