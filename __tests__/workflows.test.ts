import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ENVIRONMENTS, platform } from '../environments';
import { ciRoleNames, roleArn } from '../modules/naming';
import { ciTargets, githubOutputs } from '../modules/plan-review/ci-targets';
import { PLAN_REVIEW_MARKER } from '../modules/plan-review/render';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}
interface Job {
  readonly permissions?: Record<string, string> | string;
  readonly environment?: string;
  readonly if?: string;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, Job>;
}

const ROOT = join(__dirname, '..');
const DIR = join(ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter(f => f.endsWith('.yml'));
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const workflow = (f: string) => parse(text(f)) as Workflow;
const ASSUMES_ROLE = /^aws-actions\/configure-aws-credentials@/;
const runs = (w: Workflow) =>
  Object.values(w.jobs)
    .flatMap(j => j.steps.map(s => s.run ?? ''))
    .join('\n');

test('the four workflows exist', () => {
  expect(files.sort()).toEqual(['ci.yml', 'deploy.yml', 'drift.yml', 'plan.yml']);
});

describe.each(['ci.yml', 'plan.yml', 'deploy.yml', 'drift.yml'])('%s', file => {
  test('parses as YAML with jobs and steps', () => {
    const w = workflow(file);
    expect(Object.keys(w.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(w.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  test('requests id-token: write only in jobs that assume a role, and every such job has it', () => {
    const w = workflow(file);
    expect(JSON.stringify(w.permissions)).not.toContain('id-token');
    expect(w.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(w.jobs)) {
      const assumes = job.steps.some(s => ASSUMES_ROLE.test(s.uses ?? ''));
      const perms = typeof job.permissions === 'object' ? job.permissions : {};
      expect([name, perms['id-token'] === 'write']).toEqual([name, assumes]);
    }
  });

  test('pins every action by a 40-hex commit SHA with the version as a comment', () => {
    const uses = text(file)
      .split('\n')
      .filter(l => /^\s*(-\s+)?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('holds no static credentials and never runs on pull_request_target', () => {
    expect(text(file)).not.toMatch(/secrets\.|aws-access-key-id|aws-secret-access-key/);
    expect(Object.keys(workflow(file).on)).not.toContain('pull_request_target');
  });

  test('checks out without persisting the token', () => {
    for (const job of Object.values(workflow(file).jobs)) {
      for (const s of job.steps.filter(x => (x.uses ?? '').startsWith('actions/checkout@')))
        expect(s.with?.['persist-credentials']).toBe(false);
    }
  });
});

test('ci.yml runs the README test command after a clean install and a synth', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const command = /^(npm \S+)\s+#.*type-check/m.exec(readme)?.[1];
  expect(command).toBe('npm test');
  const steps = workflow('ci.yml')
    .jobs.test.steps.map(s => s.run)
    .filter(Boolean);
  expect(steps.slice(-3)).toEqual(['npm ci --no-audit --no-fund', 'npx cdktf synth', command]);
  expect(text('ci.yml')).not.toMatch(/upload-artifact/);
});

describe('plan.yml', () => {
  const w = workflow('plan.yml');

  test('runs on pull requests and skips fork pull requests with a message', () => {
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.jobs.fork.if).toBe('github.event.pull_request.head.repo.full_name != github.repository');
    expect(w.jobs.fork.steps[0].run).toMatch(/Terraform plan skipped: pull requests from forks get no OIDC token/);
    expect(w.jobs.synth.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
  });

  test('plans per target with the plan role, without the lock, in deploy order through deploy.sh', () => {
    const plan = w.jobs.plan;
    expect(plan.steps.find(s => ASSUMES_ROLE.test(s.uses ?? ''))!.with).toMatchObject({
      'role-to-assume': '${{ matrix.planRole }}',
    });
    expect(runs(w)).toContain(
      'scripts/deploy.sh --plan --plan-out "$RUNNER_TEMP/plans" --no-lock --skip-synth "$TARGET"',
    );
  });

  test('fails when any stack plan failed, after the report is made, so it can be a required check', () => {
    const plan = w.jobs.plan;
    const step = plan.steps.find(s => s.run?.includes('scripts/deploy.sh --plan'))!;
    expect(step.run).toContain('echo "failed=true" >> "$GITHUB_OUTPUT"');
    expect(step.run).not.toMatch(/\|\| echo/);
    const names = plan.steps.map(s => (s as Step & { name?: string }).name ?? s.uses ?? s.run);
    const fail = plan.steps.findIndex(s => (s as Step & { if?: string }).if === "steps.plan.outputs.failed == 'true'");
    expect(plan.steps[fail].run).toBe('exit 1');
    expect(fail).toBe(names.length - 1); // after the sanitized upload
    const result = w.jobs.result as Job & { needs: string[] };
    expect(result.needs).toEqual(['synth', 'plan', 'comment']);
    expect(result.if).toContain('!cancelled()');
    expect(result.steps[0].run).toContain('[ "$PLAN" != success ]');
    expect(result.steps[0].env).toEqual({ SYNTH: '${{ needs.synth.result }}', PLAN: '${{ needs.plan.result }}' });
    // jobs run after a failure unless the run was cancelled (steps may still clean up with always())
    for (const job of Object.values(w.jobs)) expect(job.if ?? '').not.toContain('always()');
  });

  test('renders with the project command and updates one comment found by the marker', () => {
    expect(runs(w)).toContain('npm run --silent plan-review -- --expect "$EXPECT"');
    expect(runs(w)).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const script = String(
      w.jobs.comment.steps.find(s => (s.uses ?? '').startsWith('actions/github-script@'))!.with!.script,
    );
    expect(script).toContain(`const marker = '${PLAN_REVIEW_MARKER}';`);
    expect(script).toContain('updateComment');
    expect(w.jobs.comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  test('uploads only cdktf.out and the sanitized review files, never raw plans', () => {
    const uploads = Object.values(w.jobs)
      .flatMap(j => j.steps)
      .filter(s => (s.uses ?? '').startsWith('actions/upload-artifact@'));
    expect(uploads.map(s => s.with!.path)).toEqual(['cdktf.out/', '${{ runner.temp }}/review/']);
    expect(runs(w)).toContain('plan-review -- --sanitize "$RUNNER_TEMP/review"');
    expect(runs(w)).toContain('rm -rf "$RUNNER_TEMP/plans"');
  });
});

describe('deploy.yml', () => {
  const w = workflow('deploy.yml');

  test('applies on push to main and by manual dispatch only', () => {
    expect(Object.keys(w.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(w.on.push).toEqual({ branches: [platform.github.applyBranch] });
  });

  test('never cancels an apply, and holds one concurrency group per state target', () => {
    // job-level groups named after the state each apply locks: a push and a dispatch of the same environment queue
    // behind each other instead of racing for its lock
    expect(w.concurrency).toBeUndefined();
    const jobs = w.jobs as Record<string, Job & { concurrency?: unknown }>;
    expect(jobs.shared.concurrency).toEqual({ group: 'deploy-state-shared', 'cancel-in-progress': false });
    expect(jobs.environment.concurrency).toEqual({
      group: 'deploy-state-${{ needs.synth.outputs.environment }}',
      'cancel-in-progress': false,
    });
  });

  test.each(files)('%s: no job runs with always() (a cancelled run must not go on to apply, report or comment)', f => {
    const jobs = Object.entries(workflow(f).jobs).map(([name, job]) => ({
      name,
      if: (job as { if?: string }).if ?? '',
    }));
    expect(jobs.filter(j => j.if.includes('always()'))).toEqual([]);
  });

  test.each(['plan.yml', 'drift.yml'])(
    '%s: only the step that deletes the raw plans runs after a cancel; the upload does not',
    f => {
      type Step = { name?: string; uses?: string; if?: string; run?: string };
      const w = parse(text(f)) as { jobs: Record<string, { steps?: Step[] }> };
      const steps = Object.values(w.jobs).flatMap(j => j.steps ?? []);
      const afterCancel = steps.filter(s => String(s.if ?? '').includes('always()'));
      expect(afterCancel.map(s => s.name)).toEqual(['Keep only what the report needs']);
      expect(afterCancel.every(s => /rm -rf "\$RUNNER_TEMP\/plans"/.test(s.run ?? ''))).toBe(true);
      // the review's upload runs after a failed plan (the report names it), never after a cancel
      const cleanup = steps.indexOf(afterCancel[0]);
      const upload = steps.slice(cleanup).find(s => s.uses?.startsWith('actions/upload-artifact@'));
      expect(upload?.if).toBe('${{ !cancelled() }}');
    },
  );

  test('a job that applies after another runs unless the run was cancelled, never with always()', () => {
    expect(text('deploy.yml')).not.toContain('always()');
    expect(w.jobs.environment.if).toBe(
      "${{ !cancelled() && needs.synth.result == 'success' && (needs.shared.result == 'success' || " +
        "needs.shared.result == 'skipped') }}",
    );
  });

  test('a push applies the first environment; any other needs a dispatch', () => {
    const choose = w.jobs.synth.steps.find(s => s.run?.includes('EVENT'))!;
    expect(choose.run).toMatch(/if \[ "\$EVENT" = push \]; then\n\s+env=\$FIRST/);
    expect(choose.env).toMatchObject({ FIRST: '${{ steps.targets.outputs.first-environment }}' });
  });

  test('each apply job runs in the GitHub environment its apply role trusts', () => {
    expect(w.jobs.shared.environment).toBe('shared');
    expect(w.jobs.environment.environment).toBe('${{ needs.synth.outputs.environment }}');
    expect(w.jobs.shared.steps.find(s => ASSUMES_ROLE.test(s.uses ?? ''))!.with!['role-to-assume']).toBe(
      '${{ needs.synth.outputs.shared-apply-role }}',
    );
    expect(w.jobs.environment.steps.find(s => ASSUMES_ROLE.test(s.uses ?? ''))!.with!['role-to-assume']).toBe(
      '${{ needs.synth.outputs.apply-role }}',
    );
  });
});

describe('CI targets', () => {
  test('shared and every environment, with the role names the shared stack creates', () => {
    expect(ciTargets(platform, ENVIRONMENTS)).toEqual([
      {
        target: 'shared',
        stacks: 'shared',
        planRole: roleArn(platform, ciRoleNames(platform, 'shared').plan),
        applyRole: roleArn(platform, 'myapp-ci-apply-shared'),
      },
      {
        target: 'dev',
        stacks: 'dev-vpc dev-eks dev-addons',
        planRole: roleArn(platform, 'myapp-ci-plan-dev'),
        applyRole: roleArn(platform, 'myapp-ci-apply-dev'),
      },
      {
        target: 'prod',
        stacks: 'prod-vpc prod-eks prod-addons',
        planRole: roleArn(platform, 'myapp-ci-plan-prod'),
        applyRole: roleArn(platform, 'myapp-ci-apply-prod'),
      },
    ]);
  });

  test('GITHUB_OUTPUT lines the workflows read', () => {
    const lines = githubOutputs(platform, ENVIRONMENTS).trim().split('\n');
    expect(lines.map(l => l.split('=')[0])).toEqual([
      'targets',
      'environments',
      'first-environment',
      'planned-stacks',
      'region',
    ]);
    expect(lines).toContain('first-environment=dev');
    expect(lines).toContain('planned-stacks=shared,dev-vpc,dev-eks,dev-addons,prod-vpc,prod-eks,prod-addons');
    const outputs = [
      ...text('plan.yml').matchAll(/steps\.targets\.outputs\.([\w-]+)/g),
      ...text('deploy.yml').matchAll(/steps\.targets\.outputs\.([\w-]+)/g),
    ].map(m => m[1]);
    for (const o of outputs) expect(lines.map(l => l.split('=')[0])).toContain(o);
  });
});
