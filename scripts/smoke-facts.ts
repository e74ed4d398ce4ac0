/**
 * The facts `scripts/smoke.sh <env>` checks against, as JSON on stdout: the cluster, its region and the pinned
 * managed add-on versions read from the synthesized `<env>-eks` stack (what Terraform applies); the ClusterSecretStore,
 * a namespace its conditions admit and the edge objects (ALB Ingress, Gateway) read from the local charts of the
 * synthesized `<env>-addons` stack (what Helm installs); plus the names the add-ons layer gives its objects. Exit 1
 * naming the problem when a stack is not synthesized or lacks what a check needs.
 *
 *   node --import tsx scripts/smoke-facts.ts [--lines] <env>     (CDKTF_OUT, default cdktf.out)
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../environments';
import type { EnvironmentConfig } from '../environments/types';
import { ARGO_CD_NAMESPACE } from '../modules/argocd/namespaces';
import { DEFAULT_CLUSTER_SECRET_STORE_NAME } from '../modules/external-secrets/cluster-secret-store';
import { NODE_POOL_NAME } from '../modules/karpenter/node-pool';
import { stackId } from '../modules/naming';
import { DEFAULT_STORAGE_CLASS_NAME } from '../modules/storage/storage-class-name';

type Resources = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

interface StackJson {
  readonly provider?: { readonly aws?: ReadonlyArray<{ readonly region?: string }> };
  readonly resource?: Resources;
}

/** A rendered object of a local chart, as far as the smoke test reads it. */
interface ChartObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly ingressClassName?: string;
    readonly conditions?: ReadonlyArray<{ readonly namespaces?: readonly string[] }>;
  };
}

class FactError extends Error {}

function readStack(env: string, layer: 'eks' | 'addons'): { file: string; stack: StackJson; dir: string } {
  const dir = join(process.env.CDKTF_OUT ?? 'cdktf.out', 'stacks', stackId(env, layer));
  const file = join(dir, 'cdk.tf.json');
  if (!existsSync(file)) throw new FactError(`${file} does not exist: run npx cdktf synth first`);
  return { file, dir, stack: JSON.parse(readFileSync(file, 'utf8')) as StackJson };
}

/** The objects of the stack's local charts (`helm_release.chart` = `assets/...`, the YAML under `files/`). */
function chartObjects(dir: string, stack: StackJson): ChartObject[] {
  return Object.values(stack.resource?.helm_release ?? {}).flatMap(release => {
    const chart = String(release.chart);
    const files = join(dir, chart, 'files');
    if (!chart.startsWith('assets/') || !existsSync(files)) return [];
    return readdirSync(files)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .map(f => parse(readFileSync(join(files, f), 'utf8')) as ChartObject);
  });
}

/**
 * The store the test ExternalSecret uses and an application namespace it admits. External Secrets refuses a
 * ClusterSecretStore to an ExternalSecret in a namespace no `spec.conditions[]` entry admits ("using cluster store
 * %q is not allowed from namespace %q: denied by spec.condition",
 * https://github.com/external-secrets/external-secrets/blob/main/pkg/controllers/secretstore/client_manager.go), so
 * the test must live in one of the store's namespaces: a secret prefix's own (e.g. `dev`), whose secrets it reads.
 */
function secretFacts(env: EnvironmentConfig, objects: readonly ChartObject[], file: string) {
  const name = DEFAULT_CLUSTER_SECRET_STORE_NAME;
  const store = objects.find(o => o.kind === 'ClusterSecretStore' && o.metadata?.name === name);
  if (!store) throw new FactError(`${file}: no ClusterSecretStore ${name} in its charts`);
  const conditions = store.spec?.conditions;
  // without conditions the store serves every namespace
  const prefixes = env.secrets.readablePrefixes;
  const admitted = conditions === undefined ? prefixes : conditions.flatMap(c => c.namespaces ?? []);
  const namespace = admitted.find(ns => prefixes.includes(ns));
  if (namespace === undefined) {
    throw new FactError(
      `ClusterSecretStore ${name} admits no application namespace ` +
        `(admits ${admitted.join(', ') || 'none'}; secret prefixes ${prefixes.join(', ')})`,
    );
  }
  return {
    clusterSecretStore: name,
    secretNamespace: namespace,
    // a secret the store may read (its prefix's); it must hold a value (the shared stack creates the containers empty)
    testSecret: env.secrets.containers.find(c => c.startsWith(`${namespace}/`)) ?? '',
  };
}

/**
 * What answers at the edge: the ALB Ingress in front of ingress-nginx, the Gateway of the Gateway API edge, or both
 * while an environment moves over (`ingress.keepIngressNginx`). Each as `<namespace>/<name>`, empty when absent.
 */
function edgeFacts(objects: readonly ChartObject[], file: string) {
  const ref = (o: ChartObject | undefined) => (o ? `${o.metadata?.namespace}/${o.metadata?.name}` : '');
  const edgeIngress = ref(objects.find(o => o.kind === 'Ingress' && o.spec?.ingressClassName === 'alb'));
  const edgeGateway = ref(objects.find(o => o.kind === 'Gateway'));
  if (!edgeIngress && !edgeGateway) {
    throw new FactError(`${file}: no Ingress of class alb and no Gateway in its charts`);
  }
  const edgeMode = [edgeIngress && 'ingress', edgeGateway && 'gateway'].filter(Boolean).join('+');
  return { edgeMode, edgeIngress, edgeGateway };
}

function facts(name: string | undefined): Record<string, unknown> {
  const env = ENVIRONMENTS.find(e => e.name === name);
  if (!env) {
    const known = ENVIRONMENTS.map(e => e.name).join(', ');
    throw new FactError(`unknown environment "${name ?? ''}" (environments: ${known})`);
  }
  const { file, stack: eks } = readStack(env.name, 'eks');
  const cluster = Object.values(eks.resource?.aws_eks_cluster ?? {})[0];
  const addons = Object.fromEntries(
    Object.values(eks.resource?.aws_eks_addon ?? {}).map(a => [String(a.addon_name), String(a.addon_version)]),
  );
  if (!cluster || Object.keys(addons).length === 0) {
    throw new FactError(`${file} has no aws_eks_cluster or no aws_eks_addon`);
  }
  const addonsStack = readStack(env.name, 'addons');
  const objects = chartObjects(addonsStack.dir, addonsStack.stack);
  return {
    cluster: String(cluster.name),
    region: String(eks.provider?.aws?.[0]?.region),
    addons,
    ...secretFacts(env, objects, addonsStack.file),
    ...edgeFacts(objects, addonsStack.file),
    storageClass: DEFAULT_STORAGE_CLASS_NAME,
    nodePool: NODE_POOL_NAME,
    argocdNamespace: ARGO_CD_NAMESPACE,
  };
}

/** `--lines`: one fact a line, "<key>\t<value>", each add-on as "addon\t<name> <version>" (what smoke.sh reads). */
function factLines(json: string): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    if (typeof value !== 'object') lines.push(`${key}\t${String(value)}`);
    else for (const [name, version] of Object.entries(value as object)) lines.push(`addon\t${name} ${String(version)}`);
  }
  return lines.map(line => `${line}\n`).join('');
}

function main(args: readonly string[]): number {
  const asLines = args[0] === '--lines';
  const name = asLines ? args[1] : args[0];
  try {
    const json = JSON.stringify(facts(name));
    process.stdout.write(asLines ? factLines(json) : `${json}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof FactError)) throw e;
    process.stderr.write(`smoke-facts: ${e.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
