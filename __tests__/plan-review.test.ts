import { readFileSync } from 'fs';
import { join } from 'path';
import { platform } from '../environments';
import { classifyActions, hasChanges, isRisky, summarizePlan } from '../modules/plan-review/changes';
import { ciTargets, githubOutputs } from '../modules/plan-review/ci-targets';
import { collectInputs, readStackInput } from '../modules/plan-review/inputs';
import { deployOrder, sortByDeployOrder } from '../modules/plan-review/order';
import { parsePlanJson, PlanFileError, PlanJson, ResourceChange } from '../modules/plan-review/plan-json';
import {
  DEFAULT_MAX_LENGTH,
  fitting,
  GITHUB_COMMENT_LIMIT,
  JOB_SUMMARY_LIMIT,
  PLAN_REVIEW_MARKER,
  renderReport,
  StackInput,
} from '../modules/plan-review/render';
import { sanitizePlan } from '../modules/plan-review/sanitize';
import { maskValue, SENSITIVE, SENSITIVE_CHANGED, sensitiveStrings } from '../modules/plan-review/values';
import { STACKS_IN_DEPLOY_ORDER } from './deploy-order';

const FIXTURES = join(__dirname, 'fixtures', 'plans');
const fixturePath = (name: string) => join(FIXTURES, name);
const readFixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
const plan = (name: string): PlanJson => parsePlanJson(readFixture(`${name}.json`), `${name}.json`);
/** Renders one fixture as the stack of the same name. */
const render = (name: string) => renderReport([{ stack: name, status: 'planned', plan: plan(name) }]);

/** How many `<details>` are open at the first occurrence of `needle` (0 = outside every fold). */
function foldDepthAt(markdown: string, needle: string): number {
  const at = markdown.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in the report`);
  const before = markdown.slice(0, at);
  return (before.match(/<details>/g) ?? []).length - (before.match(/<\/details>/g) ?? []).length;
}

function expectWellFormed(markdown: string): void {
  expect((markdown.match(/<details>/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
  expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
  expect(markdown.startsWith(PLAN_REVIEW_MARKER)).toBe(true);
}

describe('parsePlanJson', () => {
  test('reads format 1.2 and the older 0.x', () => {
    expect(plan('create').format_version).toBe('1.2');
    expect(parsePlanJson('{"format_version":"0.2","resource_changes":[]}', 'old.json').format_version).toBe('0.2');
  });

  test('fails on malformed JSON, naming the file', () => {
    expect(() => parsePlanJson(readFixture('malformed.json'), 'dev-vpc.json')).toThrow(
      /^dev-vpc\.json: not valid JSON/,
    );
  });

  test('fails on an unsupported format_version, naming the file and the version', () => {
    expect(() => parsePlanJson(readFixture('unsupported-format.json'), 'shared.json')).toThrow(
      'shared.json: unsupported format_version "2.0": this renderer reads 0.x and 1.x',
    );
  });

  test.each([
    ['an empty file', '', /the file is empty/],
    ['a JSON array', '[]', /expected a JSON object/],
    ['no format_version', '{"resource_changes":[]}', /no "format_version"/],
    [
      'a change without actions',
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{}}]}',
      /resource_changes\[0\] \(a\.b\)\.change has no "actions"/,
    ],
    [
      'an output without actions',
      '{"format_version":"1.2","output_changes":{"x":{"after":1}}}',
      /output_changes\.x has no "actions"/,
    ],
  ])('fails on %s', (_, text, message) => {
    expect(() => parsePlanJson(text, 'x.json')).toThrow(PlanFileError);
    expect(() => parsePlanJson(text, 'x.json')).toThrow(message);
  });
});

describe('classifying changes', () => {
  test.each([
    [['create'], 'create', undefined],
    [['update'], 'update', undefined],
    [['delete'], 'delete', undefined],
    [['delete', 'create'], 'replace', 'delete-before-create'],
    [['create', 'delete'], 'replace', 'create-before-destroy'],
    [['no-op'], 'no-op', undefined],
    [['read'], 'read', undefined],
    [['forget'], 'forget', undefined],
    [['archive'], 'unknown', undefined],
    [['delete', 'update'], 'unknown', undefined],
  ])('%j is %s', (actions, kind, order) => {
    expect(classifyActions(actions)).toEqual({ kind, replaceOrder: order });
  });

  test.each([
    ['create', { add: 2, change: 0, replace: 0, destroy: 0 }],
    ['update', { add: 0, change: 1, replace: 0, destroy: 0 }],
    ['delete', { add: 0, change: 0, replace: 0, destroy: 2 }],
    ['replace-delete-before-create', { add: 0, change: 0, replace: 1, destroy: 0 }],
    ['replace-create-before-destroy', { add: 0, change: 0, replace: 1, destroy: 0 }],
    ['no-op', { add: 0, change: 0, replace: 0, destroy: 0, read: 0 }],
    ['read', { add: 0, change: 0, replace: 0, destroy: 0, read: 1 }],
    ['drift', { change: 1, drift: 2 }],
    ['moved', { change: 1, moved: 2, imported: 1 }],
    ['forget', { forget: 1, destroy: 0 }],
    ['unknown-action', { change: 1, unknown: 1 }],
  ])('%s counts', (name, counts) => {
    expect(summarizePlan(plan(name)).counts).toMatchObject(counts);
  });
});

describe('renderReport per fixture', () => {
  test('create: a table row, the resources folded, unknown values shown as such', () => {
    const md = render('create');
    expectWellFormed(md);
    expect(md).toContain('| `create` | 2 | 0 | 0 | 0 | 0 | 📝 changes |');
    expect(md).toContain('+ cidr_block = "10.0.0.0/16"');
    expect(md).toContain('+ id = (known after apply)');
    expect(foldDepthAt(md, '<code>aws_vpc.main</code>')).toBe(2); // inside the stack fold, in its own fold's summary
    expect(md).toContain('`vpc_id` create: `null` → `(known after apply)`');
  });

  test('update: before and after of the changed attributes only, and the output change', () => {
    const md = render('update');
    expect(md).toContain('- version = "1.34"\n+ version = "1.35"');
    expect(md).not.toContain('name = "myapp-dev"');
    expect(md).not.toContain('aws_iam_role.cluster'); // a no-op is not listed
    expect(md).toContain('`cluster_version` update: `"1.34"` → `"1.35"`');
  });

  test('delete: every destroy listed outside any fold with its reason', () => {
    const md = render('delete');
    expect(md).toContain('⚠️ review: destroys or replaces');
    const line =
      '- **delete**: `aws_nat_gateway.extra[1]` will be **destroyed** — ' + 'reason `delete_because_count_index`';
    expect(md).toContain(line);
    expect(foldDepthAt(md, line)).toBe(0);
    expect(foldDepthAt(md, '`aws_eip.old` will be **destroyed**')).toBe(0);
  });

  test('replace, destroy before create: outside the folds with the attributes that forced it', () => {
    const md = render('replace-delete-before-create');
    const line =
      '`aws_eks_node_group.system` will be **replaced** (destroy before create) — forced by `instance_types`; ' +
      'reason `replace_because_cannot_update`';
    expect(md).toContain(line);
    expect(foldDepthAt(md, line)).toBe(0);
    expect(md).toContain('+ instance_types = ["t3.large"]  # forces replacement');
    expect(md).toContain('Plan: 1 to add, 0 to change, 1 to destroy');
  });

  test('replace, create before destroy: outside the folds with its action_reason', () => {
    const md = render('replace-create-before-destroy');
    const line =
      '`aws_launch_template.nodes` will be **replaced** (create before destroy) — reason `replace_because_tainted`';
    expect(md).toContain(line);
    expect(foldDepthAt(md, line)).toBe(0);
  });

  test('no-op: no changes and no section', () => {
    const md = render('no-op');
    expect(md).toContain('| `no-op` | 0 | 0 | 0 | 0 | 0 | ✅ no changes |');
    expect(md).not.toContain('### no-op');
    expect(md).toContain('1 stacks, 0 with changes, 0 failed');
  });

  test('read: a data source read is not a change', () => {
    const md = render('read');
    expect(md).toContain('✅ no changes');
    expect(md).not.toContain('data.aws_availability_zones.available');
  });

  test('drift: counted, and listed in its own fold without the no-op entries', () => {
    const md = render('drift');
    expect(md).toContain('| `drift` | 0 | 1 | 0 | 0 | 2 | 📝 changes |');
    expect(md).toContain('ℹ️ drift: 2 object(s) changed outside Terraform');
    expect(foldDepthAt(md, '<code>aws_cloudwatch_log_group.flow</code> delete')).toBe(2);
    expect(md).not.toContain('aws_vpc.main');
  });

  test('moved and imported resources are shown, also when nothing else changes', () => {
    const md = render('moved');
    expect(md).toContain('<code>aws_subnet.private["us-east-1a"]</code>');
    expect(md).toContain('moved from aws_subnet.private[0]');
    expect(md).toContain('update, moved from aws_route_table.private_old');
    expect(md).toContain('<code>aws_s3_bucket.logs</code> import');
    expect(md).toContain('(2 moved, 1 imported)');
  });

  test('an unknown future action is flagged outside the folds, not ignored', () => {
    const md = render('unknown-action');
    expect(md).toContain('⚠️ review: unknown action');
    const line = '`aws_instance.future` has an action this renderer does not know (`archive`): review the raw plan';
    expect(md).toContain(line);
    expect(foldDepthAt(md, line)).toBe(0);
  });

  test('forget is listed as not destroyed', () => {
    expect(render('forget')).toContain(
      '`aws_kms_key.legacy` will be **forgotten** (removed from state, not destroyed)',
    );
  });

  test('an errored plan is a failure, with its error block outside the folds', () => {
    const md = render('errored');
    expect(md).toContain('| `errored` | 0 | 0 | 0 | 0 | 0 | ❌ plan failed |');
    expect(md).toContain('1 stacks, 0 with changes, 1 failed');
    expect(md).toContain(
      '### ❌ Stacks without a usable plan\n\n- **errored**: terraform plan failed\n\n' +
        '<details><summary>errored: error</summary>\n\n```text\nthe plan reports errored: true\n```\n</details>',
    );
    expect(foldDepthAt(md, '- **errored**: terraform plan failed')).toBe(0);
    expectWellFormed(md);
  });

  test('an errored plan stays a failure through the sanitized artifact', () => {
    const sanitized = parsePlanJson(JSON.stringify(sanitizePlan(plan('errored'), [])), 'errored.json');
    expect(renderReport([{ stack: 'errored', status: 'planned', plan: sanitized }])).toBe(render('errored'));
  });

  test('a plan that did not error has no error block', () => {
    expect(render('create')).not.toContain('Stacks without a usable plan');
  });
});

describe('sensitive values', () => {
  const secrets = [
    'hunter2-db-password-8f3a',
    's3cr3t-output-token-77',
    'very-secret-variable-value-42',
    'old-secret-before-value-19',
    'whole-object-secret-31',
  ];

  test('no sensitive value appears anywhere in the report', () => {
    const md = render('sensitive');
    for (const secret of secrets) expect(md).not.toContain(secret);
    expect(md).toContain(`+ data = ${SENSITIVE}`);
    expect(md).toContain(`+ (whole object) = ${SENSITIVE}`);
    expect(md).toContain(`\`token\` create: \`${SENSITIVE}\` → \`${SENSITIVE}\``);
    expect(md).toContain('- tags = {"k":"v"}'); // non-sensitive attributes still show
  });

  test('a sensitive variable value that leaks into an unmarked attribute is scrubbed', () => {
    expect(render('sensitive')).toContain(`+ comment = "seeded from ${SENSITIVE}"`);
  });

  test('variables, prior_state and configuration are never printed', () => {
    const md = render('sensitive');
    for (const word of ['db_password', 'prior_state', 'root_module', '"variables"']) expect(md).not.toContain(word);
  });

  test('every marked value is collected for scrubbing', () => {
    expect(sensitiveStrings(plan('sensitive'))).toEqual(expect.arrayContaining(secrets));
  });

  test('masks follow the shape of the value', () => {
    expect(maskValue({ a: 'x', b: ['y', 'z'], c: { d: 1 } }, { b: [false, true], c: true })).toEqual({
      a: 'x',
      b: ['y', SENSITIVE],
      c: SENSITIVE,
    });
    expect(maskValue('x', true)).toBe(SENSITIVE);
  });
});

describe('sanitized plans (what CI moves between jobs)', () => {
  const names = [
    'create',
    'update',
    'delete',
    'replace-delete-before-create',
    'replace-create-before-destroy',
    'no-op',
    'read',
    'drift',
    'sensitive',
    'moved',
    'unknown-action',
    'forget',
  ];

  test.each(names)('%s renders exactly as the original', name => {
    const sanitized = parsePlanJson(JSON.stringify(sanitizePlan(plan(name), [])), `${name}.json`);
    expect(renderReport([{ stack: name, status: 'planned', plan: sanitized }])).toBe(render(name));
  });

  test('holds no sensitive value, no variables, prior state or configuration', () => {
    const text = JSON.stringify(sanitizePlan(plan('sensitive'), []));
    for (const secret of [
      'hunter2-db-password-8f3a',
      's3cr3t-output-token-77',
      'very-secret-variable-value-42',
      'old-secret-before-value-19',
      'whole-object-secret-31',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(Object.keys(JSON.parse(text))).not.toEqual(expect.arrayContaining(['variables']));
    for (const key of ['"variables"', '"prior_state"', '"configuration"', '"planned_values"'])
      expect(text).not.toContain(key);
  });
});

describe('stacks without a usable plan', () => {
  // read inside each test (not in the describe body), so the mutation run can tell which test covers what
  const report = () => {
    const inputs = collectInputs(
      ['malformed.json', 'unsupported-format.json', 'dev-eks.error', 'prod-vpc.skipped', 'create.json'].map(
        fixturePath,
      ),
      p => readFileSync(p, 'utf8'),
      ['shared'],
    );
    return { inputs, md: renderReport(inputs) };
  };

  test('a malformed or unsupported file is reported naming the file, and the other stacks still render', () => {
    const { inputs, md } = report();
    expectWellFormed(md);
    expect(inputs.find(i => i.stack === 'malformed')).toMatchObject({
      status: 'invalid',
      message: expect.stringMatching(/malformed\.json: not valid JSON/),
    });
    expect(md).toContain('| `malformed` | – | – | – | – | – | ❌ unreadable plan |');
    expect(md).toContain('unsupported-format.json: unsupported format_version "2.0"');
    expect(md).toContain('+ cidr_block = "10.0.0.0/16"');
  });

  test('a failed plan shows its error, a skipped one its reason, a missing one as missing', () => {
    const { md } = report();
    expect(md).toContain('| `dev-eks` | – | – | – | – | – | ❌ plan failed |');
    expect(md).toContain('Error: reading remote state: Unable to find remote state');
    expect(md).toContain('- **prod-vpc**: skipped: fork pull request: no OIDC token, so no plan');
    expect(md).toContain('| `shared` | – | – | – | – | – | ❔ no plan |');
    expect(md).toContain('6 stacks, 1 with changes, 3 failed, 1 missing, 1 skipped');
  });

  test('a failure wins over a plan of the same stack', () => {
    const both = collectInputs(['/x/dev-eks.json', '/x/dev-eks.error'], p =>
      p.endsWith('.json') ? readFixture('create.json') : 'boom',
    );
    expect(both).toEqual([{ stack: 'dev-eks', status: 'failed', message: 'boom' }]);
  });

  test('an unexpected file kind is invalid', () => {
    expect(readStackInput('/x/dev-vpc.txt', () => '')).toMatchObject({
      status: 'invalid',
      message: expect.stringMatching(/dev-vpc\.txt: expected a \.json/),
    });
  });
});

describe('size limit', () => {
  function bigPlan(count: number, actions: string[]): PlanJson {
    const resource_changes = Array.from({ length: count }, (_, i) => ({
      address: `aws_instance.web[${i}]`,
      mode: 'managed',
      type: 'aws_instance',
      change: {
        actions,
        before: actions.includes('delete')
          ? { ami: 'ami-0123456789abcdef0', instance_type: 't3.medium', tags: { Name: `web-${i}`, team: 'platform' } }
          : null,
        after: actions.includes('create')
          ? {
              ami: 'ami-0fedcba9876543210',
              instance_type: 't3.large',
              user_data: 'x'.repeat(250),
              tags: { Name: `web-${i}`, team: 'platform' },
            }
          : null,
        after_unknown: actions.includes('create') ? { id: true, arn: true, private_ip: true } : false,
        before_sensitive: {},
        after_sensitive: {},
        replace_paths: actions.length === 2 ? [['ami']] : undefined,
      },
    }));
    return { format_version: '1.2', resource_changes };
  }

  test.each([
    ['200 creates', ['create']],
    ['200 replacements', ['delete', 'create']],
    ['200 destroys', ['delete']],
  ])('%s across three stacks stay under the comment limit with a truncation note', (_, actions) => {
    const inputs: StackInput[] = ['dev-vpc', 'dev-eks', 'prod-vpc'].map(stack => ({
      stack,
      status: 'planned',
      plan: bigPlan(200, actions),
    }));
    const md = renderReport(inputs);
    // at most the default 60,000, and the room is used: less than the reserve for the notes plus one item is left
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_LENGTH - 2000);
    expect(md).toMatch(/✂️ \*\*Truncated:\*\* \d+ item\(s\) were left out/);
    expect(md).toContain('The full report is in the job summary of this run.');
    expectWellFormed(md);
    // the table is never cut
    for (const stack of ['dev-vpc', 'dev-eks', 'prod-vpc']) expect(md).toContain(`| \`${stack}\` |`);
  });

  test.each([
    ['200 creates', ['create']],
    ['200 replacements', ['delete', 'create']],
  ])("%s across three stacks at GitHub's own limit: at most 65,536 characters, and the room is used", (_, actions) => {
    const inputs: StackInput[] = ['dev-vpc', 'dev-eks', 'prod-vpc'].map(stack => ({
      stack,
      status: 'planned',
      plan: bigPlan(200, actions),
    }));
    const md = renderReport(inputs, { maxLength: GITHUB_COMMENT_LIMIT });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 2000);
    expect(md).toContain("to keep this comment under 65,536 characters (GitHub's limit is 65,536)");
    expectWellFormed(md);
  });

  test('the truncation note counts every item left out once: destroy lines and resource blocks', () => {
    const inputs: StackInput[] = ['dev-vpc', 'dev-eks', 'prod-vpc'].map(stack => ({
      stack,
      status: 'planned',
      plan: bigPlan(200, ['delete', 'create']),
    }));
    const md = renderReport(inputs);
    const attentionShown = (md.match(/^- \*\*(dev-vpc|dev-eks|prod-vpc)\*\*: `aws_instance/gm) ?? []).length;
    const blocksShown = (md.match(/<details><summary>± <code>/g) ?? []).length;
    const attentionLeft = Number(/^- … and (\d+) more \(see the job summary\)$/m.exec(md)![1]);
    expect(attentionShown + attentionLeft).toBe(600);
    expect(attentionShown).toBeGreaterThan(0);
    expect(Number(/Truncated:\*\* (\d+) item/.exec(md)![1])).toBe(attentionLeft + 600 - blocksShown);
  });

  test('the job summary gets up to 1 MiB less 48 KiB by default, and uses it', () => {
    const inputs: StackInput[] = ['dev-vpc', 'dev-eks', 'prod-vpc', 'prod-eks'].map(stack => ({
      stack,
      status: 'planned',
      plan: bigPlan(1000, ['create']),
    }));
    const md = renderReport(inputs, { destination: 'summary' });
    const budget = JOB_SUMMARY_LIMIT - 48 * 1024;
    expect(md.length).toBeLessThanOrEqual(budget);
    expect(md.length).toBeGreaterThan(budget - 2000);
    expect(md).toContain(
      `to keep this job summary under ${budget.toLocaleString('en-US')} characters (GitHub's limit is 1 MiB)`,
    );
  });

  test('a plan that fits the job summary is shown whole there, though it would not fit a comment', () => {
    const inputs: StackInput[] = [{ stack: 'dev-vpc', status: 'planned', plan: bigPlan(400, ['create']) }];
    const md = renderReport(inputs, { destination: 'summary' });
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(md).not.toContain('Truncated');
    expect(md).toContain('<code>aws_instance.web[399]</code>');
  });

  test('1000 destroys in one stack: the destroy list itself is cut with a count of the rest', () => {
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: bigPlan(1000, ['delete']) }]);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_LENGTH - 2000);
    const shown = (md.match(/^- \*\*dev-vpc\*\*: `aws_instance\.web\[\d+\]` will be \*\*destroyed\*\*$/gm) ?? [])
      .length;
    expect(md).toContain(`- … and ${1000 - shown} more (see the job summary)\n`);
    expect(md).toContain('| `dev-vpc` | 0 | 0 | 0 | 1000 | 0 |');
    expectWellFormed(md);
  });

  test('destroys and errors together: the errors keep their quarter, the destroy list the rest of the room', () => {
    const failed: StackInput[] = Array.from({ length: 10 }, (_, i) => ({
      stack: `prod-s${i}`,
      status: 'failed',
      message: `Error: ${'y'.repeat(5000)}`,
    }));
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: bigPlan(1000, ['delete']) }, ...failed]);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_LENGTH - 2000);
    expect((md.match(/: error<\/summary>/g) ?? []).length).toBe(4);
    expect(md).toMatch(/^- … and 6 more \(see the job summary\)$/m);
    expectWellFormed(md);
  });

  test('many failed stacks with long errors: error blocks are dropped whole, never cut inside a fold', () => {
    const inputs: StackInput[] = Array.from({ length: 40 }, (_, i) => ({
      stack: `s${i}`,
      status: 'failed',
      message: `Error: ${'x'.repeat(5000)}`,
    }));
    const md = renderReport(inputs);
    // a block is the last 3,000 characters of the error and ~70 of markup: a quarter of 60,000 holds 4 of them
    expect((md.match(/: error<\/summary>/g) ?? []).length).toBe(4);
    expect(md).toMatch(/^- … and 36 more \(see the job summary\)$/m);
    expect(md).toContain('**Truncated:** 36 item(s) were left out');
    expectWellFormed(md);
  });

  test('once an item does not fit, nothing after it is shown, not even a smaller one or a later stack', () => {
    const resource = (address: string, size: number) => ({
      address,
      change: { actions: ['create'], before: null, after: { data: 'd'.repeat(size) } },
    });
    const first: PlanJson = {
      format_version: '1.2',
      resource_changes: [resource('aws_x.small', 10), resource('aws_x.huge', 250), resource('aws_x.tiny', 1)],
    };
    const second: PlanJson = { format_version: '1.2', resource_changes: [resource('aws_x.later', 1)] };
    const inputs: StackInput[] = [
      { stack: 'dev-vpc', status: 'planned', plan: first },
      { stack: 'dev-eks', status: 'planned', plan: second },
    ];
    const full = renderReport(inputs);
    // room for the tiny block, not the huge one
    const budget = full.indexOf('<details><summary>+ <code>aws_x.huge</code>') + 1550;
    const md = renderReport(inputs, { maxLength: budget });
    expect(md).toContain('<code>aws_x.small</code>');
    for (const address of ['aws_x.huge', 'aws_x.tiny', 'aws_x.later', '### dev-eks']) expect(md).not.toContain(address);
    expect(md).toContain('**Truncated:** 3 item(s) were left out');
    expect(md.length).toBeLessThanOrEqual(budget);
    expectWellFormed(md);
  });

  test('a stack section of output changes only that does not fit is counted as left out', () => {
    const outputs = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `output_${i}`,
        { actions: ['create'], before: null, after: 'o'.repeat(200) },
      ]),
    );
    const md = renderReport(
      [{ stack: 'dev-vpc', status: 'planned', plan: { format_version: '1.2', output_changes: outputs } }],
      { maxLength: 5000 },
    );
    expect(md).not.toContain('### dev-vpc');
    expect(md).toContain('**Truncated:** 1 item(s) were left out');
  });

  test('a larger budget (the job summary) keeps everything', () => {
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: bigPlan(200, ['create']) }], {
      maxLength: 1_000_000,
    });
    expect(md).not.toContain('Truncated');
    expect(md).toContain('<code>aws_instance.web[199]</code>');
  });
});

describe('markup safety', () => {
  test('addresses and values cannot break the HTML or the code fences', () => {
    const p: PlanJson = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_x.y["<script>`"]', change: { actions: ['update'], before: { a: '```' }, after: { a: 'b' } } },
      ],
    };
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: p }]);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expectWellFormed(md);
  });
});

describe('deploy order', () => {
  test('state-backend, shared, then vpc, eks, addons per environment', () => {
    expect(deployOrder(['dev', 'prod'])).toEqual(['state-backend', ...STACKS_IN_DEPLOY_ORDER]);
  });

  test('stacks are sorted by it, unknown ones last', () => {
    const order = deployOrder(['dev']);
    expect(
      sortByDeployOrder(
        ['zz', 'dev-addons', 'shared', 'dev-vpc', 'aa'].map(stack => ({ stack })),
        order,
      ).map(s => s.stack),
    ).toEqual(['shared', 'dev-vpc', 'dev-addons', 'aa', 'zz']);
  });
});

describe('masking scrubs values, not text', () => {
  test('sensitive true, 5432 and short words are masked where marked, and nowhere else', () => {
    const md = render('sensitive-scalars');
    expectWellFormed(md);
    expect(md.split('\n')[1]).toBe('## Terraform plan: 1 stacks, 1 with changes, 0 failed');
    expect(md).toContain('**Plan: 1 to add, 1 to change, 0 to destroy.**');
    // addresses holding the same text as a secret stay intact
    expect(md).toContain('<code>aws_db_instance.main</code> update');
    expect(md).toContain('<code>aws_security_group_rule.main[&quot;5432&quot;]</code>'.replace(/&quot;/g, '"'));
    // unmarked leaves equal to a secret still show
    expect(md).toContain('+ from_port = 5432');
    expect(md).toContain('+ self = true');
    expect(md).toContain('+ description = "main plan port"');
    expect(md).toContain('- publicly_accessible = false');
    expect(md).toContain('+ publicly_accessible = true');
    // the marked ones do not; unchanged marked attributes are no change
    expect(md).not.toMatch(/iam_auth|[-+] port =|[-+] note =/);
    expect(md).toContain(`\`flag\` update: \`${SENSITIVE}\` → \`${SENSITIVE_CHANGED}\``);
  });

  test('--sanitize output of such a plan is valid JSON that renders the same', () => {
    const text = JSON.stringify(sanitizePlan(plan('sensitive-scalars'), []));
    const again = parsePlanJson(text, 'x.json');
    expect(again.complete).toBe(true);
    expect(renderReport([{ stack: 'sensitive-scalars', status: 'planned', plan: again }])).toBe(
      render('sensitive-scalars'),
    );
  });
});

describe('a change only in a sensitive attribute', () => {
  test('shows the attribute as changed, masked, never "no attribute changes"', () => {
    const md = render('password-only');
    for (const secret of [
      'correct-horse-battery-1',
      'correct-horse-battery-2',
      'tok-old-value-111',
      'tok-new-value-222',
      'same-password-value-3',
    ]) {
      expect(md).not.toContain(secret);
    }
    expect(md).not.toContain('no attribute changes');
    expect(md).toContain(`- password = ${SENSITIVE}\n+ password = ${SENSITIVE_CHANGED}`);
    expect(md).toContain(`+ set_sensitive = [{"name":"auth.token","type":null,"value":"${SENSITIVE_CHANGED}"}]`);
    // an unchanged password is not reported as a change
    const unchanged = md.slice(md.indexOf('aws_db_instance.unchanged'));
    expect(unchanged).toContain('+ instance_class = "db.t3.small"');
    expect(unchanged.slice(0, unchanged.indexOf('</details>'))).not.toContain('password');
  });

  test('sanitized, it renders the same', () => {
    const sanitized = parsePlanJson(JSON.stringify(sanitizePlan(plan('password-only'), [])), 'p.json');
    expect(renderReport([{ stack: 'password-only', status: 'planned', plan: sanitized }])).toBe(
      render('password-only'),
    );
  });
});

describe('notes and errors', () => {
  const many = (): PlanJson => ({
    format_version: '1.2',
    resource_changes: Array.from({ length: 400 }, (_, i) => ({
      address: `aws_instance.web[${i}]`,
      change: { actions: ['create'], before: null, after: { ami: 'ami-1', tags: { n: `${i}`.repeat(40) } } },
    })),
  });

  test('the comment points at the job summary of the run, linked', () => {
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: many() }], {
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    expect(md).toContain('The full report is in the [job summary of this run](https://github.com/o/r/actions/runs/1).');
  });

  test('in the job summary a cut destroy list says the rest is not shown', () => {
    const md = renderReport(
      [
        {
          stack: 'dev-vpc',
          status: 'planned',
          plan: {
            format_version: '1.2',
            resource_changes: Array.from({ length: 1000 }, (_, i) => ({
              address: `aws_x.r${i}`,
              change: { actions: ['delete'] },
            })),
          },
        },
      ],
      { destination: 'summary', maxLength: 20000 },
    );
    expect(md).toMatch(/^- … and \d+ more \(not shown\)$/m);
  });

  test('the job summary does not point at itself', () => {
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: many() }], {
      destination: 'summary',
      maxLength: 20000,
    });
    expect(md).toContain('Truncated');
    expect(md).not.toContain('job summary of this run');
    expect(md).not.toContain('see the job summary');
    expect(md).toContain('scripts/deploy.sh --plan <stack>');
  });

  test(
    'an error text of up to 3,000 characters shows whole; a longer one its last 3,000 (where terraform says ' + 'why)',
    () => {
      const fits = `Error: ${'a'.repeat(2993)}`; // 3,000
      const long = `Error: start\n${'b'.repeat(2999)}\nEND`; // 3,016
      const md = renderReport([
        { stack: 'dev-vpc', status: 'failed', message: `\n${fits}\n\n` },
        { stack: 'dev-eks', status: 'failed', message: long },
      ]);
      expect(md).toContain(`\`\`\`text\n${fits}\n\`\`\``);
      expect(md).toContain(`\`\`\`text\n…${long.slice(-3000)}\n\`\`\``);
      expect(md).not.toContain('Error: start');
      expect(md).toContain('- **dev-eks**: terraform plan failed\n');
    },
  );

  test('an unreadable plan is named as such, a skipped stack by the first line of its reason', () => {
    const md = renderReport([
      { stack: 'dev-vpc', status: 'invalid', message: 'dev-vpc.json: not valid JSON' },
      { stack: 'dev-eks', status: 'skipped', message: '  fork <pull> request\nsecond line' },
      { stack: 'prod-vpc', status: 'skipped' },
      { stack: 'prod-eks', status: 'missing' },
    ]);
    expect(md).toContain(
      '- **dev-vpc**: the plan file cannot be read\n\n<details><summary>dev-vpc: ' +
        'error</summary>\n\n```text\ndev-vpc.json: not valid JSON\n```\n</details>\n\n',
    );
    expect(md).toContain('- **dev-eks**: skipped: fork &lt;pull&gt; request\n');
    expect(md).not.toContain('second line');
    expect(md).toContain('- **prod-vpc**: skipped\n');
    expect(md).toContain('| `prod-vpc` | – | – | – | – | – | ⏭ skipped |');
    expect(md).toContain('- **prod-eks**: no plan file was produced (the job may have stopped earlier)\n');
    expect(md).toContain('## Terraform plan: 4 stacks, 0 with changes, 1 failed, 1 missing, 2 skipped\n');
  });

  test('an unreadable plan names its file, not the runner temporary path or its content', () => {
    const missing = readStackInput('/home/runner/work/_temp/plans/dev-eks.json', () => {
      throw Object.assign(
        new Error("ENOENT: no such file or directory, open '/home/runner/work/_temp/plans/dev-eks.json'"),
        { code: 'ENOENT' },
      );
    });
    expect(missing.message).toBe('dev-eks.json: cannot be read (ENOENT)');
    const invalid = readStackInput(
      '/home/runner/work/_temp/plans/dev-vpc.json',
      () => '{"password": "hunter2-leaked-secret"',
    );
    expect(invalid.message).toMatch(/^dev-vpc\.json: not valid JSON/);
    expect(invalid.message).not.toContain('/home/runner');
    expect(invalid.message).not.toContain('hunter2');
    const md = renderReport([missing, invalid]);
    expect(md).not.toContain('/home/runner');
  });
});

describe('what counts as a change and as a risk', () => {
  const one = (
    actions: string[],
    extra: Partial<ResourceChange['change']> = {},
    rc: Partial<ResourceChange> = {},
  ): PlanJson => ({
    format_version: '1.2',
    resource_changes: [{ address: 'aws_x.y', change: { actions, ...extra }, ...rc }],
  });

  test.each([
    ['a create', one(['create']), true, false],
    ['an update', one(['update']), true, false],
    ['a destroy', one(['delete']), true, true],
    ['a replacement', one(['delete', 'create']), true, true],
    ['a forget', one(['forget']), true, true],
    ['an unknown action', one(['archive']), true, true],
    ['a move alone', one(['no-op'], {}, { previous_address: 'aws_x.old' }), true, false],
    ['an import alone', one(['no-op'], { importing: { id: 'i' } }), true, false],
    [
      'an output change alone',
      { format_version: '1.2', output_changes: { o: { actions: ['create'], after: 'v' } } },
      true,
      false,
    ],
    ['a read', one(['read']), false, false],
    ['a no-op', one(['no-op']), false, false],
    [
      'a no-op output',
      { format_version: '1.2', output_changes: { o: { actions: ['no-op'], before: 'v', after: 'v' } } },
      false,
      false,
    ],
    ['nothing', { format_version: '1.2' }, false, false],
  ])('%s: changes %s, risky %s', (_, p, changes, risky) => {
    const summary = summarizePlan(p as PlanJson);
    expect(hasChanges(summary)).toBe(changes);
    expect(isRisky(summary)).toBe(risky);
  });

  test('every counter, each resource in one column; moves and imports counted besides', () => {
    const p: PlanJson = {
      format_version: '1.2',
      resource_changes: [
        ['create'],
        ['update'],
        ['delete'],
        ['delete', 'create'],
        ['read'],
        ['forget'],
        ['archive'],
        ['no-op'],
      ].map((actions, i) => ({
        address: `aws_x.r${i}`,
        previous_address: i === 1 ? 'aws_x.old' : undefined,
        change: { actions, importing: i === 0 ? { id: 'i' } : undefined },
      })),
      resource_drift: [
        { address: 'aws_x.d1', change: { actions: ['update'] } },
        { address: 'aws_x.d2', change: { actions: ['no-op'] } },
      ],
    };
    const summary = summarizePlan(p);
    expect(summary.counts).toEqual({
      add: 1,
      change: 1,
      replace: 1,
      destroy: 1,
      drift: 1,
      read: 1,
      moved: 1,
      imported: 1,
      forget: 1,
      unknown: 1,
    });
    expect(summary.changes.map(c => c.address)).toEqual([
      'aws_x.r0',
      'aws_x.r1',
      'aws_x.r2',
      'aws_x.r3',
      'aws_x.r5',
      'aws_x.r6',
    ]);
    expect(summary.drift.map(c => c.address)).toEqual(['aws_x.d1']);
  });

  test('a data read that moves is listed', () => {
    const summary = summarizePlan(one(['read'], {}, { previous_address: 'data.aws_x.old' }));
    expect(summary.changes.map(c => c.previousAddress)).toEqual(['data.aws_x.old']);
  });
});

describe('report layout', () => {
  test.each([
    ['create', '📝 changes'],
    ['delete', '⚠️ review: destroys or replaces'],
    ['forget', '⚠️ review: destroys or replaces'],
    ['unknown-action', '⚠️ review: unknown action'],
    ['no-op', '✅ no changes'],
  ])('%s: status %s', (name, status) => {
    expect(render(name)).toMatch(new RegExp(`^\\| \`${name}\` \\|.* \\| ${status} \\|$`, 'm'));
  });

  test('the header adds every stack: a replacement is one to add and one to destroy', () => {
    const md = renderReport(
      ['create', 'update', 'delete', 'replace-delete-before-create'].map(name => ({
        stack: name,
        status: 'planned' as const,
        plan: plan(name),
      })),
    );
    expect(md.split('\n').slice(0, 4)).toEqual([
      PLAN_REVIEW_MARKER,
      '## Terraform plan: 4 stacks, 4 with changes, 0 failed',
      '',
      '**Plan: 3 to add, 1 to change, 3 to destroy.**',
    ]);
    expect(md).toContain(
      '| Stack | Add | Change | Replace | Destroy | Drift | Status |\n|---|--:|--:|--:|--:|--:|---|\n| `create` | 2 ' +
        '| 0 | 0 | 0 | 0 |',
    );
  });

  test(
    'a stack section: heading, output changes, then the fold titled like terraform plan, with moves, imports and ' +
      'reads',
    () => {
      const md = render('moved');
      expect(md).toContain('### moved\n\n');
      expect(md).toContain(
        '<details><summary>moved: Plan: 0 to add, 1 to change, 0 to destroy (2 moved, 1 imported)</summary>\n\n',
      );
      const p: PlanJson = {
        format_version: '1.2',
        resource_changes: [
          { address: 'aws_x.a', change: { actions: ['forget'] } },
          { address: 'data.aws_y.b', mode: 'data', change: { actions: ['read'] } },
          { address: 'aws_x.c', change: { actions: ['delete', 'create'] } },
        ],
      };
      expect(renderReport([{ stack: 'dev-vpc', status: 'planned', plan: p }])).toContain(
        '<summary>dev-vpc: Plan: 1 to add, 0 to change, 1 to destroy (1 forgotten, 1 data reads)</summary>',
      );
    },
  );

  test('output changes are listed above the fold with masked values', () => {
    const md = render('sensitive-scalars');
    expect(md).toContain(
      `### sensitive-scalars\n\n**Output changes** (1):\n\n- \`flag\` update: \`${SENSITIVE}\` → ` +
        `\`${SENSITIVE_CHANGED}\`\n\n<details>`,
    );
  });

  test('drift only: a section with the drift fold and no resource blocks', () => {
    const p: PlanJson = {
      format_version: '1.2',
      resource_drift: [{ address: 'aws_x.d', change: { actions: ['update'], before: { a: 1 }, after: { a: 2 } } }],
    };
    const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: p }]);
    expect(md).toContain('| `dev-vpc` | 0 | 0 | 0 | 0 | 1 | ✅ no changes |');
    expect(md).toContain(
      '### dev-vpc\n\n<details><summary>dev-vpc: Plan: 0 to add, 0 to change, 0 to ' +
        'destroy</summary>\n\n</details>\n\n' +
        '<details><summary>ℹ️ dev-vpc: 1 object(s) changed outside Terraform</summary>\n\n<details><summary>~ ' +
        '<code>aws_x.d</code> update</summary>',
    );
    expectWellFormed(md);
  });

  test(
    'a moved replacement names its old address and every forcing path in the destroy list; unknown actions ' + 'all',
    () => {
      const p: PlanJson = {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_x.new',
            previous_address: 'aws_x.old',
            change: { actions: ['create', 'delete'], replace_paths: [['a'], ['b', 0]] },
          },
          { address: 'aws_x.odd', change: { actions: ['archive', 'purge'] } },
        ],
        output_changes: {
          one: { actions: ['create'], after: 1 },
          two: { actions: ['delete'], before: 2, after: null },
        },
      };
      const md = renderReport([{ stack: 'dev-vpc', status: 'planned', plan: p }]);
      expect(md).toContain(
        '- **dev-vpc**: `aws_x.new` (moved from `aws_x.old`) will be **replaced** (create before destroy) — forced ' +
          'by ' +
          '`a`, `b[0]`\n',
      );
      expect(md).toContain(
        '- **dev-vpc**: `aws_x.odd` has an action this renderer does not know (`archive, purge`): review the raw ' +
          'plan\n',
      );
      expect(md).toContain(
        '**Output changes** (2):\n\n- `one` create: `null` → `1`\n' + '- `two` delete: `2` → `null`\n\n',
      );
    },
  );

  test('the footer names the commit (12 characters) and links the run', () => {
    const md = renderReport([{ stack: 'no-op', status: 'planned', plan: plan('no-op') }], {
      commit: '0123456789abcdef0123',
      runUrl: 'https://x/runs/1',
    });
    expect(
      md.endsWith(
        '---\n_Commit `0123456789ab` · [workflow run](https://x/runs/1) · counts per stack: each resource in one ' +
          'column; ' +
          '"to add/destroy" count a replacement in both, like terraform plan_\n',
      ),
    ).toBe(true);
    expect(render('no-op')).toContain('\n---\n_counts per stack:');
  });

  test('nothing truncated, nothing destroyed, no drift: no note, no destroy list, no drift fold', () => {
    const md = render('create');
    for (const text of [
      'Truncated',
      'Destroys and replacements',
      'changed outside Terraform',
      'Stacks without a usable plan',
    ])
      expect(md).not.toContain(text);
  });
});

describe('reading plan files', () => {
  test('a failure beats a skip, an unreadable file beats a failure; the order of the files does not matter', () => {
    const text: Record<string, string> = {
      '/x/a.json': readFixture('create.json'),
      '/x/a.error': 'boom',
      '/x/a.skipped': 'why',
      '/x/b.json': '{',
      '/x/b.error': 'boom',
    };
    for (const paths of [Object.keys(text), Object.keys(text).reverse()]) {
      expect(collectInputs(paths, p => text[p]).map(i => [i.stack, i.status])).toEqual(
        paths[0] === '/x/a.json'
          ? [
              ['a', 'failed'],
              ['b', 'invalid'],
            ]
          : [
              ['b', 'invalid'],
              ['a', 'failed'],
            ],
      );
    }
    expect(collectInputs(['/x/a.skipped', '/x/a.json'], p => text[p])).toEqual([
      { stack: 'a', status: 'skipped', message: 'why' },
    ]);
  });

  test('expected stacks without a file are missing; those with one are not repeated', () => {
    expect(collectInputs(['/x/a.error'], () => 'boom', ['a', 'b'])).toEqual([
      { stack: 'a', status: 'failed', message: 'boom' },
      { stack: 'b', status: 'missing' },
    ]);
  });

  test('a file that cannot be read without an error code says so without one', () => {
    expect(
      readStackInput('/x/a.json', () => {
        throw new Error('gone');
      }),
    ).toEqual({ stack: 'a', status: 'missing', message: 'a.json: cannot be read' });
  });

  test('an unexpected file names the kinds it expects', () => {
    expect(readStackInput('/x/dev-vpc.txt', () => '').message).toBe(
      'dev-vpc.txt: expected a .json, .error, .skipped file',
    );
  });

  test('an error other than an unreadable plan is not swallowed', () => {
    expect(() => readStackInput('/x/a.json', () => ({}) as unknown as string)).toThrow(TypeError);
  });
});

describe('plan file errors name what is wrong', () => {
  test.each([
    ['{"format_version":"1.2","x":', /^x\.json: not valid JSON$/], // the end of the input: no position
    [
      '{"format_version":"1.2.3"}',
      'x.json: no "format_version" such as "1.2" (got "1.2.3"); is this the output of terraform show -json?',
    ],
    [
      '{"format_version":"v1.2"}',
      'x.json: no "format_version" such as "1.2" (got "v1.2"); is this the output of terraform show -json?',
    ],
    [
      '{"format_version":1.2}',
      'x.json: no "format_version" such as "1.2" (got 1.2); is this the output of terraform show -json?',
    ],
    ['{"format_version":"1.2","resource_changes":{}}', 'x.json: "resource_changes" must be a list, got object'],
    ['{"format_version":"1.2","resource_drift":[{"address":1}]}', 'x.json: resource_drift[0] has no string "address"'],
    ['{"format_version":"1.2","resource_drift":[null]}', 'x.json: resource_drift[0] has no string "address"'],
    [
      '{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":[1]}}]}',
      'x.json: resource_changes[0] (a).change has no "actions" list of strings; is this the output of terraform ' +
        'show -json?',
    ],
    [
      '{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":"create"}}]}',
      /resource_changes\[0\] \(a\)\.change has no "actions"/,
    ],
    ['{"format_version":"1.2","output_changes":[]}', 'x.json: "output_changes" must be an object'],
    ['  \n', 'x.json: the file is empty (did terraform show -json fail?)'],
    ['"text"', 'x.json: expected a JSON object (terraform show -json output)'],
    ['null', 'x.json: expected a JSON object (terraform show -json output)'],
  ])('%s', (text, message) => {
    expect(() => parsePlanJson(text, 'x.json')).toThrow(message);
  });

  test('a JSON error gives the position only, never the text around it (it may be a secret)', () => {
    let message = '';
    try {
      parsePlanJson('{"format_version":"1.2","password":"hunter2-secret" x}', 'x.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('x.json: not valid JSON (error at position 52)');
  });

  test('format 0.x and 1.x are read, others refused', () => {
    expect(parsePlanJson('{"format_version":"0.1"}', 'x.json').format_version).toBe('0.1');
    expect(parsePlanJson('{"format_version":"1.99"}', 'x.json').format_version).toBe('1.99');
    expect(() => parsePlanJson('{"format_version":"3.0"}', 'x.json')).toThrow(
      'x.json: unsupported format_version "3.0": this renderer reads 0.x and 1.x',
    );
  });
});

describe('deploy order ties', () => {
  test('unknown stacks sort alphabetically after the known ones, known ones by their place', () => {
    expect(
      sortByDeployOrder(
        ['b', 'dev-eks', 'a', 'state-backend'].map(stack => ({ stack })),
        deployOrder(['dev']),
      ).map(s => s.stack),
    ).toEqual(['state-backend', 'dev-eks', 'a', 'b']);
  });
});

describe('CI targets without environments', () => {
  test('only shared is planned, and every output key is still written', () => {
    expect(ciTargets(platform, []).map(t => [t.target, t.stacks])).toEqual([['shared', 'shared']]);
    expect(githubOutputs(platform, []).split('\n')).toEqual([
      expect.stringMatching(/^targets=\[\{"target":"shared"/),
      'environments=[]',
      'first-environment=',
      'planned-stacks=shared',
      `region=${platform.aws.region}`,
      '',
    ]);
  });
});

describe('fitting the report to its budget', () => {
  test('pieces are taken in order while their total fits: a piece that ends exactly at the budget fits', () => {
    expect(fitting([3, 3], 6)).toBe(2);
    expect(fitting([3, 3], 5)).toBe(1);
    expect(fitting([7], 6)).toBe(0);
    expect(fitting([], 0)).toBe(0);
  });

  test('once a piece does not fit, no later (smaller) one is taken', () => {
    expect(fitting([1, 5, 1], 4)).toBe(1);
  });

  test('the destroy section follows the table after a blank line, under its heading, and ends with one', () => {
    const md = renderReport([{ stack: 'dev-eks', status: 'planned', plan: plan('delete') }]);
    expect(md).toContain(
      '|\n\n### ⚠️ Destroys and replacements\n\n- **dev-eks**: `aws_nat_gateway.extra[1]` will be **destroyed**',
    );
    expect(md).toContain(
      '- **dev-eks**: `aws_eip.old` will be **destroyed** — reason `delete_because_no_resource_config`\n\n### ' +
        'dev-eks\n',
    );
  });

  test('a section shown whole has no "… and N more" line', () => {
    const md = renderReport([
      { stack: 'dev-eks', status: 'planned', plan: plan('delete') },
      { stack: 'dev-vpc', status: 'failed', message: 'Error: boom' },
    ]);
    expect(md).toContain('### ❌ Stacks without a usable plan\n\n- **dev-vpc**: terraform plan failed');
    expect(md).not.toContain('… and');
  });
});
