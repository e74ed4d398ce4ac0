import { classifyResource } from '../modules/plan-review/changes';
import {
  changeDiffLines,
  code,
  describeChange,
  escapeHtml,
  fence,
  resourceDetails,
} from '../modules/plan-review/markdown';
import type { PlanChange, ResourceChange } from '../modules/plan-review/plan-json';
import { SENSITIVE, UNKNOWN } from '../modules/plan-review/values';

const classified = (change: PlanChange, extra: Partial<ResourceChange> = {}) =>
  classifyResource({ address: 'aws_x.y', change, ...extra });

describe('markup helpers', () => {
  test('HTML special characters are escaped, & first', () => {
    expect(escapeHtml('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  test('inline code is a backtick span on one line, or an escaped <code> element when the text has a backtick', () => {
    expect(code('a.b["k"]')).toBe('`a.b["k"]`');
    expect(code('two\nlines\nhere')).toBe('`two lines here`');
    expect(code('a`<b>\nc')).toBe('<code>a`&lt;b&gt; c</code>');
  });

  test('a fence cannot be closed early by the text inside it', () => {
    expect(fence('diff', 'x\n```\ny ```z```')).toBe('```diff\nx\n`\u200b``\ny `\u200b``z`\u200b``\n```\n');
  });
});

describe('how a change reads', () => {
  test.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['read'], 'read'],
    [['no-op'], ''],
    [['delete', 'create'], 'replace (destroy before create)'],
    [['create', 'delete'], 'replace (create before destroy)'],
    [['forget'], 'forget (removed from state, not destroyed)'],
    [['create', 'forget'], 'forget (removed from state, not destroyed)'],
    [['archive', 'purge'], 'unrecognised action archive, purge'],
  ])('%j: "%s"', (actions, text) => {
    expect(describeChange(classified({ actions }))).toBe(text);
  });

  test('moved, imported and deposed are added in that order', () => {
    const c = classified(
      { actions: ['update'], importing: { id: 'i-1' } },
      { previous_address: 'aws_x.old', deposed: 'd0' },
    );
    expect(describeChange(c)).toBe('update, moved from aws_x.old, import, deposed object d0');
    expect(describeChange(classified({ actions: ['no-op'] }, { previous_address: 'aws_x.old' }))).toBe(
      'moved from aws_x.old',
    );
    // same address: not a move
    expect(describeChange(classified({ actions: ['no-op'] }, { previous_address: 'aws_x.y' }))).toBe('');
    // importing: null is no import
    expect(describeChange(classified({ actions: ['no-op'], importing: null as never }))).toBe('');
  });
});

describe('attribute diff lines', () => {
  test('an update: - before and + after of each changed attribute, sorted; nulls are not printed', () => {
    const c = classified({
      actions: ['update'],
      before: { b: 'x', a: 1, gone: 'g', same: 's' },
      after: { b: 'y', a: 2, added: 'n', same: 's' },
    });
    expect(changeDiffLines(c)).toEqual([
      '- a = 1',
      '+ a = 2',
      '+ added = "n"',
      '- b = "x"',
      '+ b = "y"',
      '- gone = "g"',
    ]);
  });

  test('attributes that forced a replacement are marked, by their top-level name', () => {
    const c = classified({
      actions: ['delete', 'create'],
      before: { ami: 'a', tags: { Name: 'x' }, list: [1], size: 1 },
      after: { ami: 'b', tags: { Name: 'y' }, list: [2], size: 2 },
      replace_paths: [['ami'], ['tags', 'Name'], ['list', 0]],
    });
    expect(c.replacePaths).toEqual(['ami', 'tags.Name', 'list[0]']);
    expect(changeDiffLines(c)).toEqual([
      '- ami = "a"  # forces replacement',
      '+ ami = "b"  # forces replacement',
      '- list = [1]  # forces replacement',
      '+ list = [2]  # forces replacement',
      '- size = 1',
      '+ size = 2',
      '- tags = {"Name":"x"}  # forces replacement',
      '+ tags = {"Name":"y"}  # forces replacement',
    ]);
  });

  test('an unknown action shows the whole masked before and after', () => {
    const c = classified({
      actions: ['archive'],
      before: { p: 'secret' },
      after: null,
      before_sensitive: { p: true },
      after_unknown: true,
    });
    expect(changeDiffLines(c)).toEqual([`# before: {"p":"${SENSITIVE}"}`, `# after:  ${UNKNOWN}`]);
  });

  test('40 lines show whole; past 40 the rest is counted', () => {
    const attrs = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${String(i).padStart(2, '0')}`, i]));
    expect(changeDiffLines(classified({ actions: ['create'], before: null, after: attrs(40) }))).toHaveLength(40);
    const cut = changeDiffLines(classified({ actions: ['create'], before: null, after: attrs(43) }));
    expect(cut).toHaveLength(41);
    expect(cut[39]).toBe('+ a39 = 39');
    expect(cut[40]).toBe('# … 3 more lines');
  });
});

describe('a resource block', () => {
  test('symbol, escaped address and action in the summary; reason and replace paths above the diff', () => {
    const c = classified(
      { actions: ['delete', 'create'], before: { ami: 'a' }, after: { ami: 'b' }, replace_paths: [['ami']] },
      { address: 'aws_x.y["<k>"]', action_reason: 'replace_because_cannot_update' },
    );
    expect(resourceDetails(c)).toBe(
      '<details><summary>± <code>aws_x.y["&lt;k&gt;"]</code> replace (destroy before create)</summary>\n\n' +
        'reason: `replace_because_cannot_update` · replace_paths: `ami`\n\n' +
        '```diff\n- ami = "a"  # forces replacement\n+ ami = "b"  # forces replacement\n```\n</details>\n',
    );
  });

  test.each([
    [['create'], '+'],
    [['update'], '~'],
    [['delete'], '-'],
    [['read'], '<='],
    [['no-op'], '='],
    [['forget'], '⊘'],
    [['archive'], '?'],
  ])('%j is marked %s', (actions, symbol) => {
    expect(
      resourceDetails(classified({ actions })).startsWith(`<details><summary>${symbol} <code>aws_x.y</code>`),
    ).toBe(true);
  });

  test('a change without attribute changes and notes says so', () => {
    expect(
      resourceDetails(
        classified({ actions: ['no-op'], before: { a: 1 }, after: { a: 1 } }, { previous_address: 'aws_x.old' }),
      ),
    ).toBe(
      '<details><summary>= <code>aws_x.y</code> moved from aws_x.old</summary>\n\n_no attribute changes_\n</details>\n',
    );
  });
});
