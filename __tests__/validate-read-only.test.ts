// The stand-in's one provider-side check: a computed-only attribute must not be set (as terraform-plugin-sdk v2
// reports it), on values decoded from Terraform's MessagePack wire format.
import type { SchemaBlock } from '../scripts/validate/derive-schema';
import { decodeMsgpack, UNKNOWN } from '../scripts/validate/msgpack';
import { readOnlyProblems } from '../scripts/validate/read-only';

describe('MessagePack as Terraform sends configuration values', () => {
  test.each([
    ['c0', null],
    ['c3', true],
    ['2a', 42],
    ['ff', -1],
    ['cd0100', 256],
    ['cb3ff8000000000000', 1.5],
    ['a26869', 'hi'],
    ['92c0c2', [null, false]],
    ['81a161a162', { a: 'b' }],
    ['d40000', UNKNOWN], // an unknown value
    ['c7010cc0', UNKNOWN], // an unknown with refinements: ext 8, one byte, extension type 12
  ])('%s', (hex, expected) => {
    expect(decodeMsgpack(Buffer.from(hex, 'hex'))).toEqual(expected);
  });

  test('rejects a truncated value and trailing bytes', () => {
    expect(() => decodeMsgpack(Buffer.from('a3686', 'hex'))).toThrow(/truncated/);
    expect(() => decodeMsgpack(Buffer.from('c0c0', 'hex'))).toThrow(/after the value/);
    expect(() => decodeMsgpack(Buffer.from('d40500', 'hex'))).toThrow(/extension type 5/);
  });
});

describe('computed-only attributes', () => {
  const rule: SchemaBlock = {
    attributes: { id: { type: 'string', computed: true }, name: { type: 'string', optional: true } },
    block_types: {},
  };
  const block: SchemaBlock = {
    attributes: {
      arn: { type: 'string', computed: true },
      tags_all: { type: ['map', 'string'], optional: true, computed: true },
      name: { type: 'string', required: true },
    },
    block_types: { rule: { nesting_mode: 'list', block: rule }, single: { nesting_mode: 'single', block: rule } },
  };

  test('unset (null), optional-and-computed and plain arguments pass', () => {
    expect(
      readOnlyProblems(block, { arn: null, tags_all: { a: 'b' }, name: 'n', rule: [{ id: null, name: 'r' }] }),
    ).toEqual([]);
  });

  test('a value, known or not, is an error at its path, also inside blocks', () => {
    const problems = readOnlyProblems(block, {
      arn: UNKNOWN,
      name: 'n',
      rule: [{ id: null }, { id: 'x' }],
      single: { id: 'y' },
    });
    expect(problems.map(p => p.path)).toEqual([
      [{ attribute_name: 'arn' }],
      [{ attribute_name: 'rule' }, { element_key_int: 1 }, { attribute_name: 'id' }],
      [{ attribute_name: 'single' }, { attribute_name: 'id' }],
    ]);
    expect(problems[0]).toMatchObject({
      summary: 'Value for unconfigurable attribute',
      detail:
        'Can\'t configure a value for "arn": its value will be decided automatically based on the result of ' +
        'applying this configuration.',
    });
  });
});
