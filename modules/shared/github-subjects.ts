import type { GithubConfig, PlatformConfig } from '../../environments/types';
import { arn } from '../iam/arn';
import { awsPartition } from '../iam/partition';

/** GitHub's OIDC issuer host; the IAM provider URL and the condition keys are built from it. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;

/** The account's GitHub OIDC provider: IAM names it after the issuer host. */
export function githubOidcProviderArn(platform: PlatformConfig): string {
  const resource = `oidc-provider/${GITHUB_OIDC_HOST}`;
  return arn({ service: 'iam', account: platform.aws.accountId, resource }, awsPartition(platform.aws.region));
}
/** The audience aws-actions/configure-aws-credentials requests. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** The CI target of the shared stack itself: its roles are `ciRoleNames(platform, 'shared')`. */
export const SHARED_CI_TARGET = 'shared';

/** Branches of the application repository whose builds push images (seed "Data Flow": develop and main). */
export const ECR_PUSH_BRANCHES = ['develop', 'main'] as const;

/**
 * The `sub` claim GitHub sends for `repository` in a given context (`pull_request`, `environment:dev`,
 * `ref:refs/heads/main`): `repo:owner/repo:<context>`, or with `subjectFormat: 'id'` the immutable
 * `repo:owner@<ownerId>/repo@<repoId>:<context>` that new repositories send.
 */
export function githubSubject(github: GithubConfig, repository: string, context: string): string {
  if (github.subjectFormat === 'name') return `repo:${github.owner}/${repository}:${context}`;
  const ownerId = github.ownerId;
  const repoId = github.repositoryIds?.[repository];
  if (ownerId === undefined || repoId === undefined) {
    throw new Error(
      `platform.github.subjectFormat is "id" but ownerId (${ownerId}) or repositoryIds["${repository}"] (${repoId}) ` +
        `is missing`,
    );
  }
  return `repo:${github.owner}@${ownerId}/${repository}@${repoId}:${context}`;
}

/** GitHub environment of the scheduled drift workflow (`.github/workflows/drift.yml`): restrict it to `main`. */
export const DRIFT_ENVIRONMENT = 'drift';

/**
 * The plan role: pull requests of the infrastructure repository, and the drift workflow's jobs in the GitHub
 * environment `drift` (a scheduled run has no pull request); never a branch or an apply environment.
 */
export function planSubjects(github: GithubConfig): string[] {
  return [
    githubSubject(github, github.infraRepository, 'pull_request'),
    githubSubject(github, github.infraRepository, `environment:${DRIFT_ENVIRONMENT}`),
  ];
}

/**
 * The apply role of `target` (an environment, or `shared`): only jobs running in the GitHub environment of that name,
 * whose deployment-branch rule admits only the apply branch (docs/DEPLOYMENT.md). No branch subject: a job without
 * an `environment:` (any workflow on any branch pushed to the repository) can never apply, and none accepts
 * `pull_request`.
 */
export function applySubjects(github: GithubConfig, target: string): string[] {
  return [githubSubject(github, github.infraRepository, `environment:${target}`)];
}

/** The ECR push role: pushes to the application repository's build branches. */
export function ecrPushSubjects(github: GithubConfig, branches: readonly string[] = ECR_PUSH_BRANCHES): string[] {
  return branches.map(b => githubSubject(github, github.appRepository, `ref:refs/heads/${b}`));
}
