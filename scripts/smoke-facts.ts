/**
 * The facts `scripts/smoke.sh <env>` checks against, as JSON on stdout: the cluster, its region and the pinned
 * managed add-on versions read from the synthesized `<env>-eks` stack (what Terraform applies), plus the names the
 * add-ons layer gives its objects. Exit 1 naming the problem when the stack is not synthesized.
 *
 *   node --import tsx scripts/smoke-facts.ts <env>     (CDKTF_OUT, default cdktf.out)
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS } from '../environments';
import { ARGO_CD_NAMESPACE } from '../modules/argocd/namespaces';
import { DEFAULT_CLUSTER_SECRET_STORE_NAME } from '../modules/external-secrets/cluster-secret-store';
import { NODE_POOL_NAME } from '../modules/karpenter/node-pool';
import { stackId } from '../modules/naming';
import { DEFAULT_STORAGE_CLASS_NAME } from '../modules/storage/storage-class';

interface EksJson {
  readonly provider?: { readonly aws?: ReadonlyArray<{ readonly region?: string }> };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

function main(name: string | undefined): number {
  const env = ENVIRONMENTS.find(e => e.name === name);
  if (!env) {
    const known = ENVIRONMENTS.map(e => e.name).join(', ');
    process.stderr.write(`smoke-facts: unknown environment "${name ?? ''}" (environments: ${known})\n`);
    return 1;
  }
  const file = join(process.env.CDKTF_OUT ?? 'cdktf.out', 'stacks', stackId(env.name, 'eks'), 'cdk.tf.json');
  if (!existsSync(file)) {
    process.stderr.write(`smoke-facts: ${file} does not exist: run npx cdktf synth first\n`);
    return 1;
  }
  const eks = JSON.parse(readFileSync(file, 'utf8')) as EksJson;
  const cluster = Object.values(eks.resource?.aws_eks_cluster ?? {})[0];
  const addons = Object.fromEntries(
    Object.values(eks.resource?.aws_eks_addon ?? {}).map(a => [String(a.addon_name), String(a.addon_version)]),
  );
  if (!cluster || Object.keys(addons).length === 0) {
    process.stderr.write(`smoke-facts: ${file} has no aws_eks_cluster or no aws_eks_addon\n`);
    return 1;
  }
  const facts = {
    cluster: String(cluster.name),
    region: String(eks.provider?.aws?.[0]?.region),
    addons,
    clusterSecretStore: DEFAULT_CLUSTER_SECRET_STORE_NAME,
    // a secret the cluster may read; it must hold a value (the shared stack creates the containers empty)
    testSecret: env.secrets.containers[0],
    storageClass: DEFAULT_STORAGE_CLASS_NAME,
    nodePool: NODE_POOL_NAME,
    argocdNamespace: ARGO_CD_NAMESPACE,
  };
  process.stdout.write(`${JSON.stringify(facts)}\n`);
  return 0;
}

process.exitCode = main(process.argv[2]);
