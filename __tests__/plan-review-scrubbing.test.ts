import type { PlanChange, PlanJson } from '../modules/plan-review/plan-json';
import { renderReport, StackInput } from '../modules/plan-review/render';
import { sanitizeInputs, sanitizePlan } from '../modules/plan-review/sanitize';
import {
  attributeChanges,
  formatValue,
  maskedChange,
  maskValue,
  MIN_SCRUB_LENGTH,
  scrubText,
  scrubValue,
  SENSITIVE,
  SENSITIVE_CHANGED,
  sensitiveStrings,
  UNKNOWN,
} from '../modules/plan-review/values';

// How `terraform show -json` marks values (developer.hashicorp.com/terraform/internals/json-format): `before` and
// `after` hold the real values in clear; `before_sensitive`/`after_sensitive` mirror their shape with `true` at each
// sensitive leaf (or are a bare `true` for the whole value), `after_unknown` the same for values known after apply.

/** A plan of these resource changes, by address. */
const changing = (changes: Record<string, PlanChange>): PlanJson => ({
  format_version: '1.2',
  resource_changes: Object.entries(changes).map(([address, change]) => ({ address, change })),
});
const update = (address: string, change: Omit<PlanChange, 'actions'>): PlanJson =>
  changing({ [address]: { actions: ['update'], ...change } });
const planned = (stack: string, plan: PlanJson): StackInput => ({ stack, status: 'planned', plan });

describe('masks follow the value by path', () => {
  test('a bare true masks the whole value, whatever its type', () => {
    for (const value of ['text', 5432, false, true, { a: 'b' }, ['x'], null])
      expect(maskValue(value, true)).toBe(SENSITIVE);
  });

  test('false, an empty mask or no mask leaves the value as it is', () => {
    const value = { a: 'x', n: 1, list: ['y'] };
    for (const mask of [false, {}, undefined]) expect(maskValue(value, mask)).toEqual(value);
  });

  test('sensitive numbers and booleans are masked where marked, and equal unmarked ones are not', () => {
    expect(maskValue({ port: 5432, from_port: 5432, iam: true, self: true }, { port: true, iam: true })).toEqual({
      port: SENSITIVE,
      from_port: 5432,
      iam: SENSITIVE,
      self: true,
    });
  });

  test('a sensitive leaf deep in lists and objects is masked, its siblings are not', () => {
    const value = {
      containers: [
        {
          name: 'app',
          env: [
            { name: 'DB_PASSWORD', value: 'pw-1234567' },
            { name: 'MODE', value: 'x' },
          ],
        },
      ],
    };
    const mask = { containers: [{ env: [{ value: true }, {}] }] };
    expect(maskValue(value, mask)).toEqual({
      containers: [
        {
          name: 'app',
          env: [
            { name: 'DB_PASSWORD', value: SENSITIVE },
            { name: 'MODE', value: 'x' },
          ],
        },
      ],
    });
  });

  test('a list mask marks elements by index', () => {
    expect(maskValue(['a', 'b', 'c'], [false, true])).toEqual(['a', SENSITIVE, 'c']);
  });

  test('unknown leaves read (known after apply), also where the value has no such key or element yet', () => {
    expect(JSON.stringify(maskValue({ name: 'x' }, {}, { id: true, arn: true, name: false, tags: false }))).toBe(
      `{"name":"x","id":"${UNKNOWN}","arn":"${UNKNOWN}"}`,
    );
    expect(maskValue(null, false, true)).toBe(UNKNOWN);
    expect(maskValue(['a'], [], [false, true])).toEqual(['a', UNKNOWN]);
    expect(maskValue({ subnets: ['a'] }, {}, { subnets: [false, true] })).toEqual({ subnets: ['a', UNKNOWN] });
    expect(maskValue(undefined, undefined, [false, true])).toEqual([undefined, UNKNOWN]);
    expect(maskValue(null, undefined, { id: true })).toEqual({ id: UNKNOWN });
    expect(maskValue(['a', 'b'], undefined, [false])).toEqual(['a', 'b']);
  });

  test('a value that is both sensitive and unknown reads as sensitive', () => {
    expect(maskValue(null, true, true)).toBe(SENSITIVE);
    expect(maskValue({}, { token: true }, { token: true })).toEqual({ token: SENSITIVE });
  });
});

describe('a sensitive leaf that changes', () => {
  test(
    'reads (sensitive value, changed) after, (sensitive value) before; an unchanged one reads (sensitive ' + 'value)',
    () => {
      const change: PlanChange = {
        actions: ['update'],
        before: { a: 'old-secret', b: 'same-secret', port: 5432, flag: false },
        after: { a: 'new-secret', b: 'same-secret', port: 5433, flag: true },
        before_sensitive: { a: true, b: true, port: true, flag: true },
        after_sensitive: { a: true, b: true, port: true, flag: true },
      };
      expect(maskedChange(change)).toEqual({
        before: { a: SENSITIVE, b: SENSITIVE, port: SENSITIVE, flag: SENSITIVE },
        after: { a: SENSITIVE_CHANGED, b: SENSITIVE, port: SENSITIVE_CHANGED, flag: SENSITIVE_CHANGED },
      });
    },
  );

  test('nested in lists and objects, each leaf is compared at its own path', () => {
    const change: PlanChange = {
      actions: ['update'],
      before: {
        set: [
          { name: 'a', value: 'v1-secret' },
          { name: 'b', value: 'v2-secret' },
        ],
      },
      after: {
        set: [
          { name: 'a', value: 'v1-secret' },
          { name: 'b', value: 'v3-secret' },
        ],
      },
      before_sensitive: { set: [{ value: true }, { value: true }] },
      after_sensitive: { set: [{ value: true }, { value: true }] },
    };
    expect(maskedChange(change).after).toEqual({
      set: [
        { name: 'a', value: SENSITIVE },
        { name: 'b', value: SENSITIVE_CHANGED },
      ],
    });
  });

  test('a whole sensitive value that changes, and one that does not', () => {
    const change = (before: unknown, after: unknown): PlanChange => ({
      actions: ['update'],
      before,
      after,
      before_sensitive: true,
      after_sensitive: true,
    });
    expect(maskedChange(change('a', 'b'))).toEqual({ before: SENSITIVE, after: SENSITIVE_CHANGED });
    expect(maskedChange(change({ k: [1] }, { k: [1] }))).toEqual({ before: SENSITIVE, after: SENSITIVE });
  });

  test("the report uses Terraform's own wording", () => {
    const md = renderReport([
      planned(
        'dev-eks',
        update('aws_db_instance.main', {
          before: { pw: 'a', keep: 'b' },
          after: { pw: 'c', keep: 'b', id: null },
          before_sensitive: { pw: true },
          after_sensitive: { pw: true },
          after_unknown: { id: true },
        }),
      ),
    ]);
    expect(md).toContain('+ id = (known after apply)\n- pw = (sensitive value)\n+ pw = (sensitive value, changed)\n');
  });

  test('a create or a delete has nothing to compare: the value reads (sensitive value)', () => {
    expect(
      maskedChange({ actions: ['create'], before: null, after: { p: 'x' }, after_sensitive: { p: true } }).after,
    ).toEqual({ p: SENSITIVE });
    expect(maskedChange({ actions: ['create'], after: 'x', after_sensitive: true }).after).toBe(SENSITIVE);
    expect(
      maskedChange({ actions: ['delete'], before: 'x', after: null, before_sensitive: true, after_sensitive: true }),
    ).toEqual({ before: SENSITIVE, after: SENSITIVE });
    expect(
      maskedChange({ actions: ['delete'], before: 'x', before_sensitive: true, after_sensitive: true }).after,
    ).toBe(SENSITIVE);
  });
});

describe('which strings are secrets', () => {
  const plan: PlanJson = {
    ...changing({
      'a.b': {
        actions: ['update'],
        before: { p: 'before-secret', q: 'before-plain' },
        after: { p: 'after-secret', l: ['l0-plain', 'l1-secret'] },
        before_sensitive: { p: true },
        after_sensitive: { p: true, l: [false, true] },
      },
      'a.whole': {
        actions: ['create'],
        before: null,
        after: { x: 'whole-1', y: { z: ['whole-2'] }, n: 5432, t: true },
        after_sensitive: true,
      },
    }),
    resource_drift: [
      {
        address: 'a.drift',
        change: {
          actions: ['update'],
          before: { d: 'drift-secret' },
          after: { d: 'drift-secret-2' },
          before_sensitive: { d: true },
          after_sensitive: {},
        },
      },
    ],
    output_changes: {
      out: { actions: ['create'], before: null, after: 'output-secret', after_sensitive: true },
      plain: { actions: ['create'], after: 'output-plain', after_sensitive: false },
    },
    variables: {
      db_password: { value: 'variable-secret' },
      region: { value: 'eu-west-1' },
      list: { value: ['var-list-secret'] },
    },
    configuration: {
      root_module: { variables: { db_password: { sensitive: true }, region: {}, list: { sensitive: true } } },
    },
  };

  test('every string marked sensitive, by path or whole, in changes, drift, outputs and sensitive variables', () => {
    expect(sensitiveStrings(plan).sort()).toEqual(
      [
        'after-secret',
        'before-secret',
        'drift-secret',
        'l1-secret',
        'output-secret',
        'var-list-secret',
        'variable-secret',
        'whole-1',
        'whole-2',
      ].sort(),
    );
  });

  test('numbers and booleans are never secrets to search for: equal numbers elsewhere stay readable', () => {
    expect(sensitiveStrings(plan)).not.toEqual(expect.arrayContaining([5432]));
    expect(scrubText('port 5432 open: true', sensitiveStrings(plan))).toBe('port 5432 open: true');
  });

  test('a mask whose shape does not match the value marks nothing there', () => {
    const odd = changing({
      'a.b': {
        actions: ['create'],
        after: { p: 'plain-value-1', l: 'plain-value-2' },
        after_sensitive: { p: [true], l: { x: true } },
      },
    });
    expect(sensitiveStrings(odd)).toEqual([]);
  });

  test('a plan without changes or configuration has none', () => {
    expect(sensitiveStrings({ format_version: '1.2' })).toEqual([]);
    expect(sensitiveStrings({ format_version: '1.2', configuration: {} })).toEqual([]);
    expect(
      sensitiveStrings({
        format_version: '1.2',
        configuration: { root_module: { variables: { unset: { sensitive: true } } } },
      }),
    ).toEqual([]);
    expect(
      sensitiveStrings({
        format_version: '1.2',
        variables: { other: { value: 'other-value-1' } },
        configuration: { root_module: { variables: { unset: { sensitive: true } } } },
      }),
    ).toEqual([]);
    expect(sensitiveStrings({ format_version: '1.2', variables: { p: { value: 'not-declared-secret' } } })).toEqual([]);
  });
});

describe('scrubbing secrets from text', () => {
  test(`a secret of ${MIN_SCRUB_LENGTH} characters is scrubbed everywhere; a shorter one is not searched for`, () => {
    expect(scrubText('a 12345678 b 12345678', ['12345678'])).toBe(`a ${SENSITIVE} b ${SENSITIVE}`);
    expect(scrubText('a 1234567 b', ['1234567'])).toBe('a 1234567 b');
  });

  test('a secret inside another is no leak: the longer one is replaced whole, in whatever order they come', () => {
    const outer = 'postgres://app:inner-password-42@db.internal';
    const inner = 'inner-password-42';
    for (const secrets of [
      [inner, outer],
      [outer, inner],
    ]) {
      expect(scrubText(`url=${outer}; pw=${inner}`, secrets)).toBe(`url=${SENSITIVE}; pw=${SENSITIVE}`);
    }
  });

  test('a JSON-escaped secret (in a jsonencoded document or a quoted error value) is scrubbed', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
    const quoted = 'pa"ss\\word-1234';
    const document = JSON.stringify({ containerDefinitions: [{ secrets: [pem, quoted] }] });
    const scrubbed = scrubText(document, [pem, quoted]);
    expect(scrubbed).toBe(JSON.stringify({ containerDefinitions: [{ secrets: [SENSITIVE, SENSITIVE] }] }));
  });

  test("Terraform's jsonencode spelling (<, > and & as \\u escapes) is scrubbed", () => {
    // jsonencode("a<b>&c-secret") in Terraform gives "a\u003cb\u003e\u0026c-secret"
    const secret = 'a<b>&c-secret\u2028\u2029';
    expect(scrubText('{"v":"a\\u003cb\\u003e\\u0026c-secret\\u2028\\u2029"}', [secret])).toBe(`{"v":"${SENSITIVE}"}`);
  });

  test('string leaves are scrubbed at any depth; keys, numbers and booleans are left alone', () => {
    const secret = 'leaked-secret-9';
    expect(scrubValue({ [secret]: [`x ${secret}`, { y: secret, n: 9, t: true }], z: null }, [secret])).toEqual({
      [secret]: [`x ${SENSITIVE}`, { y: SENSITIVE, n: 9, t: true }],
      z: null,
    });
  });
});

describe('the report', () => {
  test('a secret with quotes or newlines leaking JSON-escaped into an unmarked document is not in the comment', () => {
    const password = 'pa"ss\\word\nline-2';
    const definitions = JSON.stringify([{ name: 'app', environment: [{ name: 'DB_PASSWORD', value: password }] }]);
    const plan = changing({
      'aws_db_instance.main': {
        actions: ['create'],
        before: null,
        after: { password },
        after_sensitive: { password: true },
      },
      'aws_ecs_task_definition.app': {
        actions: ['create'],
        before: null,
        after: { container_definitions: definitions },
        after_sensitive: {},
      },
    });
    const md = renderReport([planned('dev-eks', plan)]);
    expect(md).toContain('DB_PASSWORD');
    expect(md).not.toContain('ss\\');
    expect(md).not.toContain('line-2');
  });
});

describe('sanitized plans', () => {
  test('keep only what the renderer reads, every field of it', () => {
    // the fields of a resource change the renderer reads besides its change
    const readFields = {
      address: 'aws_x.new',
      previous_address: 'aws_x.old',
      mode: 'managed',
      type: 'aws_x',
      deposed: 'abc123',
      action_reason: 'replace_because_cannot_update',
    };
    const plan = {
      format_version: '1.2',
      terraform_version: '1.13.3',
      errored: true,
      complete: false,
      applyable: false,
      variables: { v: { value: 'variable-value-1' } },
      prior_state: { values: {} },
      planned_values: {},
      configuration: {},
      resource_changes: [
        {
          ...readFields,
          name: 'new',
          provider_name: 'p',
          change: {
            actions: ['delete', 'create'],
            before: { a: '1' },
            after: { a: '2' },
            after_unknown: { id: true },
            before_sensitive: {},
            after_sensitive: {},
            replace_paths: [['a']],
            importing: { id: 'i-1' },
            generated_config: 'x',
          },
        },
      ],
      resource_drift: [{ address: 'aws_x.d', change: { actions: ['update'], before: { b: 1 }, after: { b: 2 } } }],
      output_changes: {
        o: {
          actions: ['create'],
          before: null,
          after: 'v',
          after_unknown: false,
          before_sensitive: false,
          after_sensitive: false,
        },
      },
    } as unknown as PlanJson;
    expect(sanitizePlan(plan, [])).toEqual({
      format_version: '1.2',
      terraform_version: '1.13.3',
      errored: true,
      complete: false,
      resource_changes: [
        {
          ...readFields,
          change: {
            actions: ['delete', 'create'],
            before: { a: '1' },
            after: { a: '2', id: UNKNOWN },
            replace_paths: [['a']],
            importing: { id: 'i-1' },
          },
        },
      ],
      resource_drift: [{ address: 'aws_x.d', change: { actions: ['update'], before: { b: 1 }, after: { b: 2 } } }],
      output_changes: { o: { actions: ['create'], before: null, after: 'v' } },
    });
  });

  test('a plan with nothing but its format stays so', () => {
    expect(sanitizePlan({ format_version: '0.2' }, [])).toEqual({ format_version: '0.2' });
  });

  test('scrub the secrets of other stacks given, and their own, from unmarked strings', () => {
    const plan = update('aws_x.y', {
      before: { p: 'own-secret-1', c: 'x' },
      after: { p: 'own-secret-1', c: 'own-secret-1 and other-secret-2' },
      before_sensitive: { p: true },
      after_sensitive: { p: true },
    });
    expect(sanitizePlan(plan, ['other-secret-2']).resource_changes![0].change.after).toEqual({
      p: SENSITIVE,
      c: `${SENSITIVE} and ${SENSITIVE}`,
    });
  });
});

describe('the inputs of a report or an artifact', () => {
  const secretPlan = update('aws_db_instance.main', {
    before: { password: 'sibling-secret-77' },
    after: { password: 'sibling-secret-78' },
    before_sensitive: { password: true },
    after_sensitive: { password: true },
  });

  test("a failed stack's error and a skipped stack's reason are scrubbed with the secrets of every plan given", () => {
    const inputs: StackInput[] = [
      planned('dev-vpc', secretPlan),
      { stack: 'dev-eks', status: 'failed', message: 'Error: invalid value "sibling-secret-77" for master_password' },
      { stack: 'dev-addons', status: 'skipped', message: 'upstream value sibling-secret-78 unusable' },
      { stack: 'prod-vpc', status: 'missing' },
    ];
    const clean = sanitizeInputs(inputs);
    expect(clean.map(i => [i.stack, i.status, i.message])).toEqual([
      ['dev-vpc', 'planned', undefined],
      ['dev-eks', 'failed', `Error: invalid value "${SENSITIVE}" for master_password`],
      ['dev-addons', 'skipped', `upstream value ${SENSITIVE} unusable`],
      ['prod-vpc', 'missing', undefined],
    ]);
    expect(JSON.stringify(clean)).not.toMatch(/sibling-secret/);
    // and the rendered report says so too
    const md = renderReport(inputs);
    expect(md).toContain(`invalid value "${SENSITIVE}" for master_password`);
    expect(md).toContain(`- **dev-addons**: skipped: upstream value ${SENSITIVE} unusable`);
    expect(md).not.toMatch(/sibling-secret/);
  });

  test("a plan's own unmarked leak of a sibling's secret is scrubbed too", () => {
    const leaky = update('aws_ssm_parameter.copy', {
      before: { description: 'x' },
      after: { description: 'copied sibling-secret-78' },
    });
    const [, clean] = sanitizeInputs([planned('dev-vpc', secretPlan), planned('dev-eks', leaky)]);
    expect(clean.plan!.resource_changes![0].change.after).toEqual({ description: `copied ${SENSITIVE}` });
  });
});

describe('values as the report prints them', () => {
  test('markers print bare, other values as JSON, absent as null', () => {
    expect([SENSITIVE, SENSITIVE_CHANGED, UNKNOWN].map(formatValue)).toEqual([SENSITIVE, SENSITIVE_CHANGED, UNKNOWN]);
    expect(formatValue('x')).toBe('"x"');
    expect(formatValue(undefined)).toBe('null');
    expect(formatValue({ a: [1] })).toBe('{"a":[1]}');
  });

  test('a value of up to 300 characters prints whole; a longer one is cut there with its length', () => {
    const at = 'x'.repeat(298); // 300 with the quotes
    expect(formatValue(at)).toBe(`"${at}"`);
    expect(formatValue(`${at}y`)).toBe(`"${at}y… (301 chars)`);
  });

  test('attribute changes: masked values that differ, sorted, null and absent counted as the same', () => {
    const change: PlanChange = {
      actions: ['update'],
      before: { z: 1, a: 'same', p: 'old-pw', gone: null, n: null, cleared: 'x' },
      after: { z: 2, a: 'same', p: 'new-pw', added: null, n: 'now', cleared: null },
      before_sensitive: { p: true },
      after_sensitive: { p: true },
    };
    expect(attributeChanges(change)).toEqual([
      { name: 'cleared', before: '"x"', after: 'null' },
      { name: 'n', before: 'null', after: '"now"' },
      { name: 'p', before: SENSITIVE, after: SENSITIVE_CHANGED },
      { name: 'z', before: '1', after: '2' },
    ]);
  });

  test('a create or delete lists every attribute, whether the absent side is null or left out', () => {
    for (const before of [null, undefined]) {
      expect(attributeChanges({ actions: ['create'], before, after: { a: 'x' } })).toEqual([
        { name: 'a', before: 'null', after: '"x"' },
      ]);
      expect(attributeChanges({ actions: ['delete'], before: { a: 'x' }, after: before })).toEqual([
        { name: 'a', before: '"x"', after: 'null' },
      ]);
    }
  });

  test('a whole sensitive or unknown object is one value, not a list of attributes', () => {
    expect(attributeChanges({ actions: ['create'], before: null, after: { a: 'x' }, after_sensitive: true })).toEqual([
      { name: '(whole object)', before: 'null', after: SENSITIVE },
    ]);
    expect(attributeChanges({ actions: ['delete'], before: { a: 'x' }, after: null, before_sensitive: true })).toEqual([
      { name: '(whole object)', before: SENSITIVE, after: 'null' },
    ]);
    expect(attributeChanges({ actions: ['create'], before: null, after: null, after_unknown: true })).toEqual([
      { name: '(whole object)', before: 'null', after: UNKNOWN },
    ]);
  });
});
