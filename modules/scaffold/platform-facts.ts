import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { ConfigError } from '../../environments/validate';
import { KubernetesObject, LocalChart } from '../addons/local-chart';
import { buildPlatform, PlatformApp } from '../app';
import type { ApplicationSet } from '../argocd/argocd-objects';
import { awsPartition } from '../iam/partition';
import { roleArn } from '../naming';

/** One Argo CD application as the platform's ApplicationSet list generators render it. */
export interface RenderedApplication {
  readonly name: string;
  readonly namespace: string;
  /** Chart path in the helm-charts repository, e.g. `myapp/overlays/dev`. */
  readonly path: string;
  readonly targetRevision: string;
  readonly repoUrl: string;
  readonly sync: 'automated' | 'manual';
  /** The environment (cluster) whose addons layer renders it. */
  readonly environment: EnvironmentConfig;
  /** The ClusterSecretStores the same cluster renders, with the namespaces their `spec.conditions` admit. */
  readonly secretStores: readonly SecretStoreFacts[];
}

/** A ClusterSecretStore: its name and the namespaces its conditions name (`undefined`: usable from every namespace). */
export interface SecretStoreFacts {
  readonly name: string;
  readonly namespaces?: readonly string[];
}

/** What the scaffold reads from the platform: names only, never a hand-copied ARN. */
export interface PlatformFacts {
  readonly platform: PlatformConfig;
  readonly applications: readonly RenderedApplication[];
  /** ECR repository names of the shared stack. */
  readonly ecrRepositories: readonly string[];
  /** ARN of the shared stack's ECR push role. */
  readonly ecrPushRoleArn: string;
}

/** The Kubernetes objects every local chart of a stack renders (ApplicationSets, ClusterSecretStores, ...). */
export function renderedObjects(stack: PlatformApp['environments'][string]['addons']): KubernetesObject[] {
  return stack.node
    .findAll()
    .filter((c): c is LocalChart => c instanceof LocalChart)
    .flatMap(c => [...c.objects]);
}

function applicationsOf(env: EnvironmentConfig, objects: readonly KubernetesObject[]): RenderedApplication[] {
  const secretStores = objects
    .filter(o => o.kind === 'ClusterSecretStore')
    .map(o => {
      const conditions = (o.spec as { conditions?: { namespaces?: string[] }[] } | undefined)?.conditions;
      return conditions === undefined
        ? { name: o.metadata.name }
        : { name: o.metadata.name, namespaces: conditions.flatMap(c => c.namespaces ?? []) };
    });
  const sets = objects.filter((o): o is ApplicationSet => o.kind === 'ApplicationSet');
  return sets.flatMap(set => {
    const template = set.spec.template.spec;
    const sync = template.syncPolicy?.automated === undefined ? 'manual' : 'automated';
    const elements = set.spec.generators.flatMap(g => g.list?.elements ?? []) as Record<string, string>[];
    return elements.map(e => ({
      name: e.name,
      namespace: e.namespace,
      path: e.path,
      targetRevision: e.targetRevision,
      repoUrl: String(template.source?.repoURL),
      sync,
      environment: env,
      secretStores,
    }));
  });
}

/**
 * Builds the platform's constructs (no synth, no policy run: well under a second) and reads what the application
 * repositories must agree with: the ApplicationSets and stores of each addons layer, the shared stack's ECR
 * repositories and push role.
 */
export function platformFacts(platform: PlatformConfig, environments: readonly EnvironmentConfig[]): PlatformFacts {
  // nothing is synthesized: the output directory stays empty and goes at once
  const outdir = mkdtempSync(join(tmpdir(), 'scaffold-'));
  const built = buildPlatform(platform, environments, { policies: false, outdir });
  rmSync(outdir, { recursive: true, force: true });
  const applications = environments.flatMap(env =>
    applicationsOf(env, renderedObjects(built.environments[env.name].addons)),
  );
  const ecrRepositories = Object.values(built.shared.ecr.repositories).map(r => r.nameInput!);
  const pushRoleName = built.shared.ci.ecrPush.role.nameInput;
  if (pushRoleName === undefined) throw new Error('the shared stack renders its ECR push role without a name');
  return { platform, applications, ecrRepositories, ecrPushRoleArn: roleArn(platform, pushRoleName) };
}

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]`: the registry of the platform's account. */
export function ecrRegistry(platform: PlatformConfig): string {
  const suffix = awsPartition(platform.aws.region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${platform.aws.accountId}.dkr.ecr.${platform.aws.region}.${suffix}`;
}

/** `https://github.com/<owner>/<name>(.git)` -> owner and name; the workflows push with GitHub's API and Git. */
export function githubRepository(field: string, url: string): { readonly owner: string; readonly name: string } {
  const m = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(\.git)?$/.exec(url);
  if (m === null)
    throw new ConfigError(
      field,
      url,
      'the scaffold writes GitHub workflows: expected https://github.com/<owner>/<repo>.git',
    );
  return { owner: m[1], name: m[2] };
}
