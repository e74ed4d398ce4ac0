import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { ConfigError } from '../../environments/validate';
import { applicationFiles } from './application-repo';
import { chartFiles, chartDefaults } from './chart';
import { chartPath, OVERLAY_PATH, overlayFiles } from './overlays';
import { ecrRegistry, githubRepository, PlatformFacts, RenderedApplication } from './platform-facts';
import { PROMOTION_STAGES } from './promotion';
import { applicationWorkflow, WorkflowStage } from './workflow';

/** The two repository roots the scaffold writes under `--out`. */
export const REPOSITORY_ROOTS = ['application', 'helm-charts'] as const;
export const WORKFLOW_PATH = '.github/workflows/ci.yml';

export interface ScaffoldOptions {
  /** The application: the first segment of the ApplicationSet paths (`myapp/overlays/dev`). @default - the only one */
  readonly app?: string;
  /** The ECR repository of its image. @default - the first shared-stack repository named `<app>/...` (or `<app>`) */
  readonly repository?: string;
}

export interface Scaffold {
  readonly app: string;
  readonly ecrRepository: string;
  /** The Argo CD applications of the app: one overlay each, at its path. */
  readonly applications: readonly RenderedApplication[];
  readonly stages: readonly WorkflowStage[];
  /** File contents by path, each under `application/` or `helm-charts/`. */
  readonly files: Readonly<Record<string, string>>;
}

function chooseApp(facts: PlatformFacts, requested: string | undefined): string {
  const apps = [
    ...new Set(facts.applications.map(a => OVERLAY_PATH.exec(a.path)?.[1]).filter((a): a is string => a !== undefined)),
  ];
  if (requested !== undefined) {
    if (!apps.includes(requested))
      throw new ConfigError('--app', requested, `one of the apps the ApplicationSets deploy (${apps.join(', ')})`);
    return requested;
  }
  if (apps.length !== 1)
    throw new ConfigError(
      '--app',
      undefined,
      `required when the ApplicationSets deploy ${apps.length} apps (${apps.join(', ')})`,
    );
  return apps[0];
}

function chooseRepository(facts: PlatformFacts, app: string, requested: string | undefined): string {
  const repositories = facts.ecrRepositories;
  const name = requested ?? repositories.find(r => r === app || r.startsWith(`${app}/`));
  if (name === undefined || !repositories.includes(name)) {
    throw new ConfigError(
      '--repository',
      name,
      `one of the shared stack's ECR repositories (${repositories.join(', ')})`,
    );
  }
  return name;
}

/** Binds every promotion stage to the app's application in that namespace: CI must have an overlay to move. */
function bindStages(app: string, applications: readonly RenderedApplication[]): WorkflowStage[] {
  return PROMOTION_STAGES.map(stage => {
    const matching = applications.filter(a => a.namespace === stage.namespace);
    if (matching.length !== 1) {
      const field = `argocd.applications of ${app} in namespace ${stage.namespace}`;
      throw new ConfigError(
        field,
        matching.map(a => a.name),
        'exactly one application (the promotion flow moves it)',
      );
    }
    return { stage, application: matching[0].name, path: matching[0].path, branch: matching[0].targetRevision };
  });
}

/** Both repository skeletons, derived from the platform's facts. */
export function scaffold(facts: PlatformFacts, options: ScaffoldOptions = {}): Scaffold {
  const app = chooseApp(facts, options.app);
  const applications = facts.applications.filter(a => OVERLAY_PATH.exec(a.path)?.[1] === app);
  const repoUrls = [...new Set(applications.map(a => a.repoUrl))];
  if (repoUrls.length !== 1)
    throw new ConfigError(`argocd.helmChartsRepoUrl of ${app}'s applications`, repoUrls, 'one helm-charts repository');
  const helmCharts = githubRepository('argocd.helmChartsRepoUrl', repoUrls[0]);
  const helmChartsRepository = `${helmCharts.owner}/${helmCharts.name}`;
  const ecrRepository = chooseRepository(facts, app, options.repository);
  const registry = ecrRegistry(facts.platform);
  const stages = bindStages(app, applications);

  const workflow = applicationWorkflow({
    app,
    region: facts.platform.aws.region,
    ecrRegistry: registry,
    ecrRepository,
    ecrPushRoleArn: facts.ecrPushRoleArn,
    helmChartsRepository,
    stages,
  });
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(applicationFiles(app, ecrRepository, helmChartsRepository)))
    files[`application/${path}`] = text;
  files[`application/${WORKFLOW_PATH}`] = workflow;
  for (const [path, text] of Object.entries(chartFiles(app, `${registry}/${ecrRepository}`)))
    files[`helm-charts/${chartPath(app)}/${path}`] = text;
  for (const application of applications) {
    for (const [path, text] of Object.entries(overlayFiles(application, app))) files[`helm-charts/${path}`] = text;
  }
  files['helm-charts/README.md'] = helmChartsReadme(app, applications, Object.keys(chartDefaults(app, '')));
  return { app, ecrRepository, applications, stages, files };
}

function helmChartsReadme(app: string, applications: readonly RenderedApplication[], keys: readonly string[]): string {
  const rows = applications.map(
    a => `| \`${a.path}\` | ${a.name} | ${a.environment.name} / \`${a.namespace}\` | ${a.sync} |`,
  );
  return [
    '# helm-charts',
    '',
    `Argo CD deploys \`${chartPath(
      app,
    )}\` through one overlay per application (paths read by the platform's ApplicationSets):`,
    '',
    '| overlay | Argo CD application | cluster / namespace | sync |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Each overlay is a chart depending on \`../../chart\` (values under \`${app}:\`); chart values: ${keys
      .map(k => `\`${k}\``)
      .join(', ')}.`,
    'CI writes only `image.tag`. Roll back by reverting the overlay commit.',
    '',
  ].join('\n');
}

/** Writes the files under `outDir`; refuses to mix them into a repository skeleton that is already there. */
export function writeScaffold(outDir: string, files: Readonly<Record<string, string>>): void {
  for (const root of REPOSITORY_ROOTS) {
    const dir = join(outDir, root);
    if (existsSync(dir) && readdirSync(dir).length > 0)
      throw new ConfigError('--out', outDir, `a directory without a non-empty ${root}/`);
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
  }
}
