import { stringify } from 'yaml';
import { uses, withVersionComments } from './action-pins';
import type { PromotionStage } from './promotion';

/** The secret that holds the helm-charts write token (fine-grained token or GitHub App installation token). */
export const HELM_CHARTS_TOKEN_SECRET = 'HELM_CHARTS_TOKEN';
/** `.trivyignore` at the repository root: the one place a finding is accepted, with a reason and an expiry. */
export const TRIVY_IGNORE_FILE = '.trivyignore';
export const BLOCKING_SEVERITIES = 'HIGH,CRITICAL';

/** One overlay CI moves: the stage that triggers it and where it lives in the helm-charts repository. */
export interface WorkflowStage {
  readonly stage: PromotionStage;
  /** Argo CD application name, e.g. `myapp-dev`. */
  readonly application: string;
  /** Overlay directory, e.g. `myapp/overlays/dev`. */
  readonly path: string;
  /** Branch of the helm-charts repository the application tracks. */
  readonly branch: string;
}

/** Properties of {@link applicationWorkflow}: all derived from the platform (see `scaffold.ts`). */
export interface ApplicationWorkflowProps {
  readonly app: string;
  readonly region: string;
  readonly ecrRegistry: string;
  readonly ecrRepository: string;
  readonly ecrPushRoleArn: string;
  /** `owner/name` of the helm-charts repository. */
  readonly helmChartsRepository: string;
  /** Ordered dev, staging, production. */
  readonly stages: readonly WorkflowStage[];
}

const RUNNER = 'ubuntu-24.04';
const NOT_DISPATCH = "github.event_name != 'workflow_dispatch'";
const IMAGE = '${{ env.ECR_REGISTRY }}/${{ env.ECR_REPOSITORY }}:${{ github.sha }}';
const checkout = { uses: uses('checkout'), with: { 'persist-credentials': false } };

function checkoutHelmCharts(branch: string) {
  return {
    name: 'Check out the helm-charts repository',
    uses: uses('checkout'),
    with: {
      repository: '${{ env.HELM_CHARTS_REPOSITORY }}',
      ref: branch,
      token: `\${{ secrets.${HELM_CHARTS_TOKEN_SECRET} }}`,
      'persist-credentials': false,
    },
  };
}

function assumePushRole(sessionName: string) {
  return {
    uses: uses('awsCredentials'),
    with: {
      'role-to-assume': '${{ env.ECR_PUSH_ROLE }}',
      'role-session-name': sessionName,
      'aws-region': '${{ env.AWS_REGION }}',
    },
  };
}

/** Git over HTTPS with the token as a header, never in .git/config (checkout runs without persisted credentials). */
const GIT_AUTH = [
  'auth=$(printf "x-access-token:%s" "$TOKEN" | base64 -w0)',
  'echo "::add-mask::$auth"',
  'git_auth() { git -c http.extraheader="AUTHORIZATION: basic $auth" "$@"; }',
  'git config user.name "github-actions[bot]"',
  'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
];

/** Writes $IMAGE_TAG into the overlay and commits it; an overlay that already runs it ends the step. */
function commitImageTag(app: string, body: string): string[] {
  return [
    `yq -i '.["${app}"].image.tag = strenv(IMAGE_TAG)' "$OVERLAY/values.yaml"`,
    'git add "$OVERLAY/values.yaml"',
    'if git diff --cached --quiet; then echo "$OVERLAY already runs $IMAGE_TAG"; exit 0; fi',
    `git commit -m "${app} $STAGE: image $IMAGE_TAG" -m "${body}"`,
  ];
}

/** Moves one overlay to the image of this commit and pushes to the branch Argo CD tracks (retrying on a race). */
function bumpScript(app: string): string {
  return [
    'set -euo pipefail',
    ...GIT_AUTH,
    ...commitImageTag(app, 'Built from $SOURCE'),
    'for attempt in 1 2 3; do',
    '  if git_auth push origin "HEAD:$BRANCH"; then exit 0; fi',
    '  echo "push $attempt rejected; rebasing on $BRANCH"',
    '  git_auth pull --rebase origin "$BRANCH"',
    'done',
    'echo "::error::could not push the $OVERLAY bump to $BRANCH"',
    'exit 1',
  ].join('\n');
}

/** Opens the production pull request: production moves only when someone reviews, merges, then syncs by hand. */
function promoteScript(app: string): string {
  return [
    'set -euo pipefail',
    ...GIT_AUTH,
    'branch="promote/$STAGE-$IMAGE_TAG"',
    'git checkout -b "$branch"',
    ...commitImageTag(app, 'Promoted by $ACTOR from $SOURCE'),
    'git_auth push origin "HEAD:refs/heads/$branch"',
    'gh pr create --repo "$HELM_CHARTS_REPOSITORY" --base "$BRANCH" --head "$branch" \\',
    `  --title "${app} $STAGE: image $IMAGE_TAG" \\`,
    '  --body "Promotes $IMAGE_TAG (from $FROM_OVERLAY, or the image-tag input). Merge, then sync in Argo CD."',
  ].join('\n');
}

function pushStageJob(props: ApplicationWorkflowProps, s: WorkflowStage, branch: string) {
  return {
    name: `deploy ${s.stage.namespace} (${s.path})`,
    needs: 'image',
    if: `github.event_name == 'push' && github.ref == 'refs/heads/${branch}'`,
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    concurrency: { group: `helm-charts-${s.path}`, 'cancel-in-progress': false },
    steps: [
      checkoutHelmCharts(s.branch),
      {
        name: `Set ${s.path} to this commit's image`,
        env: {
          TOKEN: `\${{ secrets.${HELM_CHARTS_TOKEN_SECRET} }}`,
          OVERLAY: s.path,
          STAGE: s.stage.namespace,
          BRANCH: s.branch,
          IMAGE_TAG: '${{ github.sha }}',
          SOURCE: '${{ github.repository }}@${{ github.sha }}',
        },
        run: bumpScript(props.app),
      },
    ],
  };
}

function dispatchStageJob(props: ApplicationWorkflowProps, s: WorkflowStage, from: WorkflowStage | undefined) {
  const fromValues = from === undefined ? '' : `${from.path}/values.yaml`;
  return {
    name: `promote ${s.stage.namespace} (${s.path})`,
    if: "github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main'",
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    permissions: { contents: 'read', 'id-token': 'write' },
    concurrency: { group: `helm-charts-${s.path}`, 'cancel-in-progress': false },
    steps: [
      checkoutHelmCharts(s.branch),
      {
        name: 'Choose the image: the input, else what the previous stage runs',
        id: 'tag',
        env: { INPUT_TAG: '${{ inputs.image-tag }}', FROM_VALUES: fromValues },
        run: [
          'set -euo pipefail',
          `tag="\${INPUT_TAG:-$(if [ -n "$FROM_VALUES" ]; then yq '.["${props.app}"].image.tag' "$FROM_VALUES"; fi)}"`,
          'if ! [[ "$tag" =~ ^[0-9a-f]{40}$ ]]; then',
          '  echo "::error::image tag must be a 40-hex commit SHA, got \'$tag\'"; exit 1',
          'fi',
          'echo "tag=$tag" >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      },
      assumePushRole('promote-${{ github.run_id }}'),
      {
        name: 'Check that the image was pushed (and so scanned) to ECR',
        env: { IMAGE_TAG: '${{ steps.tag.outputs.tag }}' },
        run: 'aws ecr describe-images --repository-name "$ECR_REPOSITORY" --image-ids "imageTag=$IMAGE_TAG"',
      },
      {
        name: `Open the pull request that sets ${s.path}`,
        env: {
          TOKEN: `\${{ secrets.${HELM_CHARTS_TOKEN_SECRET} }}`,
          GH_TOKEN: `\${{ secrets.${HELM_CHARTS_TOKEN_SECRET} }}`,
          OVERLAY: s.path,
          FROM_OVERLAY: from?.path ?? 'the input',
          STAGE: s.stage.namespace,
          BRANCH: s.branch,
          IMAGE_TAG: '${{ steps.tag.outputs.tag }}',
          ACTOR: '${{ github.actor }}',
          SOURCE: '${{ github.repository }}@${{ github.sha }}',
        },
        run: promoteScript(props.app),
      },
    ],
  };
}

/** The application repository's workflow as a plain object (what the YAML says). */
export function applicationWorkflowObject(props: ApplicationWorkflowProps) {
  const pushBranches = props.stages.flatMap(s =>
    s.stage.trigger === 'workflow_dispatch' ? [] : [s.stage.trigger.push],
  );
  const nodeJob = (script: string) => ({
    if: NOT_DISPATCH,
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    steps: [
      checkout,
      { uses: uses('setupNode'), with: { 'node-version': 22, cache: 'npm' } },
      { run: 'npm ci --no-audit --no-fund' },
      { run: `npm run ${script}` },
    ],
  });
  const stageJobs: Record<string, unknown> = {};
  props.stages.forEach((s, i) => {
    const id = `${s.stage.trigger === 'workflow_dispatch' ? 'promote' : 'deploy'}-${s.stage.namespace}`;
    stageJobs[id] =
      s.stage.trigger === 'workflow_dispatch'
        ? dispatchStageJob(props, s, props.stages[i - 1])
        : pushStageJob(props, s, s.stage.trigger.push);
  });
  return {
    name: 'ci',
    on: {
      push: { branches: pushBranches },
      pull_request: { branches: pushBranches },
      workflow_dispatch: {
        inputs: {
          'image-tag': {
            description: 'Commit SHA of an image already in ECR (empty: the image the previous stage runs)',
            required: false,
            type: 'string',
            default: '',
          },
        },
      },
    },
    permissions: { contents: 'read' },
    concurrency: { group: 'ci-${{ github.ref }}', 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" },
    env: {
      AWS_REGION: props.region,
      ECR_REGISTRY: props.ecrRegistry,
      ECR_REPOSITORY: props.ecrRepository,
      ECR_PUSH_ROLE: props.ecrPushRoleArn,
      HELM_CHARTS_REPOSITORY: props.helmChartsRepository,
    },
    jobs: {
      lint: nodeJob('lint'),
      test: nodeJob('test'),
      image: {
        name: 'build, scan, push',
        needs: ['lint', 'test'],
        if: NOT_DISPATCH,
        'runs-on': RUNNER,
        'timeout-minutes': 20,
        permissions: { contents: 'read', 'id-token': 'write' },
        steps: [
          checkout,
          { name: 'Build the image', env: { IMAGE }, run: 'docker build --tag "$IMAGE" .' },
          {
            name: `Scan: fail on ${BLOCKING_SEVERITIES} (accept a finding in ${TRIVY_IGNORE_FILE})`,
            uses: uses('trivy'),
            with: {
              'image-ref': IMAGE,
              format: 'table',
              'exit-code': '1',
              severity: BLOCKING_SEVERITIES,
              'vuln-type': 'os,library',
              trivyignores: TRIVY_IGNORE_FILE,
            },
          },
          { if: "github.event_name == 'push'", ...assumePushRole('ecr-push-${{ github.run_id }}') },
          {
            name: 'Push (tag = commit SHA; the repository is IMMUTABLE, so a re-run keeps the image already pushed)',
            if: "github.event_name == 'push'",
            env: { IMAGE },
            run: [
              'set -euo pipefail',
              'if aws ecr describe-images --repository-name "$ECR_REPOSITORY" --image-ids "imageTag=$GITHUB_SHA" \\',
              '  > /dev/null 2>&1; then',
              '  echo "$IMAGE is already in ECR: not pushed again"; exit 0',
              'fi',
              'aws ecr get-login-password --region "$AWS_REGION" |',
              '  docker login --username AWS --password-stdin "$ECR_REGISTRY"',
              'docker push "$IMAGE"',
            ].join('\n'),
          },
        ],
      },
      ...stageJobs,
    },
  };
}

/** The workflow file: header comment, YAML, version comments on the pinned actions. */
export function applicationWorkflow(props: ApplicationWorkflowProps): string {
  const header = [
    `# ${props.app}: lint, test, build, Trivy scan, push to ECR (${props.ecrRepository}) with the platform's push role`,
    '# (GitHub OIDC, no stored AWS key), then move the helm-charts overlay Argo CD deploys:',
    ...props.stages.map(
      s =>
        `#   ${s.stage.trigger === 'workflow_dispatch' ? 'manual dispatch' : `push to ${s.stage.trigger.push}`} -> ${
          s.path
        }`,
    ),
    `# Generated by the platform's \`npm run scaffold\`; the helm-charts write token is the secret`,
    `# ${HELM_CHARTS_TOKEN_SECRET}.`,
  ].join('\n');
  return `${header}\n${withVersionComments(
    stringify(applicationWorkflowObject(props), { lineWidth: 0, aliasDuplicateObjects: false }),
  )}`;
}
