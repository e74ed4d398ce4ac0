import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ENVIRONMENTS, platform } from '../environments';
import { evaluateRequest, parseDocument } from '../modules/policies/iam';
import { StackView } from '../modules/policies/stack-view';
import { ciTargets } from '../modules/plan-review/ci-targets';
import { GITHUB_OIDC_HOST, STS_AUDIENCE } from '../modules/shared/github-subjects';
import { realStack } from './read-helpers';

/**
 * The workflows against the roles' trust policies: for every job that assumes a role, the `sub` claim GitHub puts in
 * its OIDC token must be one the role's trust accepts, decided by the IAM evaluator on the synthesized trust policy.
 * GitHub's subject format ("OpenID Connect reference", docs.github.com): a job with an `environment:` gets
 * `repo:<owner>/<repo>:environment:<name>` whatever its trigger; otherwise a `pull_request` run gets
 * `repo:<owner>/<repo>:pull_request`, and any other run `repo:<owner>/<repo>:ref:<git ref>`.
 */
interface Job {
  readonly environment?: string;
  readonly steps: { readonly uses?: string; readonly with?: Record<string, string>; readonly run?: string }[];
}
const DIR = join(__dirname, '..', '.github', 'workflows');
const workflow = (f: string) =>
  parse(readFileSync(join(DIR, f), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const repo = `${platform.github.owner}/${platform.github.infraRepository}`;

function subject(event: string, environment: string | undefined, ref: string): string {
  if (environment !== undefined) return `repo:${repo}:environment:${environment}`;
  return event === 'pull_request' ? `repo:${repo}:pull_request` : `repo:${repo}:ref:${ref}`;
}

const shared = realStack('shared');
const view = new StackView({ stack: 'shared', json: shared as never });
function mayAssume(roleArn: string, sub: string): boolean {
  const name = roleArn.split('/').pop();
  const role = view.all('aws_iam_role').find(r => r.body.name === name);
  if (role === undefined) throw new Error(`no role ${roleArn}`);
  const trust = parseDocument(view, role.body.assume_role_policy)!;
  return (
    evaluateRequest(
      { identity: trust },
      {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: roleArn,
        context: { [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: sub },
      },
    ).decision === 'allow'
  );
}

const targets = ciTargets(platform, ENVIRONMENTS);
const assumeStep = (job: Job) => job.steps.find(s => /^aws-actions\/configure-aws-credentials@/.test(s.uses ?? ''));

/** Every (role, environment) a job can run with, resolved from the expressions the workflows use. */
function runsOf(file: string, jobName: string): { role: string; environment: string | undefined }[] {
  const job = workflow(file).jobs[jobName];
  const role = assumeStep(job)!.with!['role-to-assume'];
  switch (`${file}:${role}:${job.environment ?? ''}`) {
    case 'plan.yml:${{ matrix.planRole }}:':
      return targets.map(t => ({ role: t.planRole, environment: undefined }));
    case 'deploy.yml:${{ needs.synth.outputs.shared-apply-role }}:shared':
      return [{ role: targets.find(t => t.target === 'shared')!.applyRole, environment: 'shared' }];
    case 'deploy.yml:${{ needs.synth.outputs.apply-role }}:${{ needs.synth.outputs.environment }}': {
      // the synth job picks the apply role of the same target it names as the environment
      const choose = workflow(file).jobs.synth.steps.find(s => s.run?.includes('apply-role='))!.run!;
      expect(choose).toContain('echo "environment=$env"');
      expect(choose).toContain(`jq -r --arg t "$env" '.[] | select(.target == $t and $t != "shared") | .applyRole'`);
      return targets.filter(t => t.target !== 'shared').map(t => ({ role: t.applyRole, environment: t.target }));
    }
    default:
      throw new Error(
        `${file} job ${jobName}: role ${role} with environment ${job.environment} is not modelled by this test`,
      );
  }
}

describe.each(['plan.yml', 'deploy.yml'])('%s', file => {
  const w = workflow(file);
  const jobs = Object.entries(w.jobs)
    .filter(([, j]) => assumeStep(j) !== undefined)
    .map(([n]) => n);
  const events = Object.keys(w.on);

  test('has jobs that assume roles', () => expect(jobs.length).toBeGreaterThan(0));

  test.each(jobs)('job %s: every trigger produces a subject its role trusts', jobName => {
    const refused: string[] = [];
    let checked = 0;
    for (const { role, environment } of runsOf(file, jobName)) {
      for (const event of events) {
        const sub = subject(event, environment, `refs/heads/${platform.github.applyBranch}`);
        checked++;
        if (!mayAssume(role, sub)) refused.push(`${event}: ${sub} -> ${role}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(refused).toEqual([]);
  });
});

test('no apply role trusts a run without a GitHub environment (a branch, a pull request)', () => {
  for (const t of targets) {
    for (const sub of [
      `repo:${repo}:ref:refs/heads/${platform.github.applyBranch}`,
      `repo:${repo}:pull_request`,
      `repo:${repo}:ref:refs/heads/feature`,
    ]) {
      expect([t.applyRole, sub, mayAssume(t.applyRole, sub)]).toEqual([t.applyRole, sub, false]);
    }
    expect(mayAssume(t.applyRole, `repo:${repo}:environment:${t.target}`)).toBe(true);
    // and never another target's environment
    for (const o of targets.filter(x => x.target !== t.target))
      expect(mayAssume(t.applyRole, `repo:${repo}:environment:${o.target}`)).toBe(false);
  }
});
