import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PolicyAspect } from '../../modules/policies/aspect';
import { evaluate, UNUSED_SUPPRESSION_RULE } from '../../modules/policies/engine';
import { suppress } from '../../modules/policies/suppress';
import type { TerraformJson } from '../../modules/policies/types';
import { bucket } from './fixtures';

const REASON = 'accepted for twenty!'; // exactly 20 characters, the shortest reason allowed

/** A stack `id` of its own app, built by `build`. */
function stackOf(id: string, build: (s: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), 'suppress-')) }), id);
  build(stack);
  return stack;
}

/** The stack's JSON with its `//` comments, as the aspect and `npm run policy` read it. */
const jsonOf = (stack: TerraformStack) => stack.toTerraform() as TerraformJson;

/** The `//` comment of the one bucket named `name` (its Terraform name) in `json`. */
const commentOf = (json: TerraformJson, name: string) =>
  (json.resource!.aws_s3_bucket[name] as { '//': Record<string, unknown> })['//'];

describe('suppress() writes the decision on the block', () => {
  test('into its // comment, beside the construct metadata, as one line', () => {
    const stack = stackOf('s', s => {
      suppress(
        bucket(new Construct(s, 'logs')),
        's3-bucket-cmk',
        `the reason, written
        over two lines`,
      );
    });
    const [name] = Object.keys(jsonOf(stack).resource!.aws_s3_bucket);
    expect(commentOf(jsonOf(stack), name)).toEqual({
      metadata: expect.objectContaining({ path: 's/logs/bucket', uniqueId: name }),
      suppressions: { 's3-bucket-cmk': 'the reason, written over two lines' },
    });
  });

  test('refuses a reason under 20 characters (blanks do not count), naming the construct and the rule', () => {
    const stack = stackOf('s', () => undefined);
    const b = bucket(stack);
    expect(() => suppress(b, 's3-bucket-cmk', `  ${REASON.slice(1)}  `)).toThrow(
      's/bucket: the suppression of s3-bucket-cmk needs a reason of at least 20 characters',
    );
    expect(() => suppress(b, 's3-bucket-cmk', REASON)).not.toThrow();
  });

  test('refuses a second suppression of one rule on one resource, naming the construct; other pairs are fine', () => {
    const stack = stackOf('s', () => undefined);
    const first = bucket(stack);
    const second = new S3Bucket(stack, 'second', { bucket: 'second' });
    suppress(first, 's3-bucket-cmk', REASON);
    expect(() => suppress(first, 's3-bucket-cmk', `${REASON} again`)).toThrow(
      's/bucket: s3-bucket-cmk is suppressed twice on this resource',
    );
    expect(() => suppress(first, 's3-bucket-versioning', REASON)).not.toThrow();
    expect(() => suppress(second, 's3-bucket-cmk', REASON)).not.toThrow();
    expect(commentOf(jsonOf(stack), 'bucket').suppressions).toEqual({
      's3-bucket-cmk': REASON,
      's3-bucket-versioning': REASON,
    });
  });

  test('refuses a rule name that is not kebab-case (a dot would split the override path)', () => {
    const b = bucket(stackOf('s', () => undefined));
    expect(() => suppress(b, 's3.bucket', REASON)).toThrow(
      's/bucket: suppress() needs a kebab-case rule name, got "s3.bucket"',
    );
  });
});

describe('the engine reads the suppressions from the blocks', () => {
  test('a suppression covers its own block only: the same finding on a sibling block still fails', () => {
    const stack = stackOf('s', s => {
      const parent = new Construct(s, 'parent');
      suppress(bucket(parent, { versioning: false }), 's3-bucket-versioning', REASON);
      new S3Bucket(parent, 'sibling', { bucket: 'sibling' });
    });
    const report = evaluate([{ stack: 's', json: jsonOf(stack) }]);
    const versioning = report.entries.filter(e => e.rule === 's3-bucket-versioning');
    expect(versioning.map(e => `${e.status} ${e.address.split('.')[1].split('_')[1]}`).sort()).toEqual([
      'fail sibling',
      'suppressed bucket',
    ]);
    expect(versioning.find(e => e.status === 'suppressed')?.reason).toBe(REASON);
  });

  test('an unused suppression is a P1 finding that names the construct and the suppress() call to remove', () => {
    const stack = stackOf('s', s => suppress(bucket(new Construct(s, 'logs')), 's3-bucket-versioning', REASON));
    const report = evaluate([{ stack: 's', json: jsonOf(stack) }]);
    expect(report.failures).toEqual([
      expect.objectContaining({
        rule: UNUSED_SUPPRESSION_RULE,
        priority: 'P1',
        stack: 's',
        path: 's3-bucket-versioning',
        message:
          'suppression of s3-bucket-versioning on s/logs/bucket matches no finding: ' +
          "remove suppress(..., 's3-bucket-versioning', ...) from the construct at s/logs/bucket",
      }),
    ]);
    expect(report.failures[0].address).toMatch(/^aws_s3_bucket\.logs_bucket_/);
  });

  test('a suppression naming no rule is reported: it can never match', () => {
    const stack = stackOf('s', s => suppress(bucket(s), 's3-bucket-versionning', REASON));
    expect(evaluate([{ stack: 's', json: jsonOf(stack) }]).failures.map(f => f.message)).toEqual([
      'suppression of s3-bucket-versionning on s/bucket names no rule evaluated here, so it can never match: ' +
        "remove suppress(..., 's3-bucket-versionning', ...) from the construct at s/bucket",
    ]);
  });

  test('a stack evaluated alone keeps its suppressions; another stack with the same address gets none of them', () => {
    const accepted = stackOf('any-name', s =>
      suppress(bucket(s, { versioning: false }), 's3-bucket-versioning', REASON),
    );
    const other = stackOf('other', s => bucket(s, { versioning: false }));
    const alone = evaluate([{ stack: 'any-name', json: jsonOf(accepted) }]);
    expect(alone.failures).toEqual([]);
    expect(alone.entries.map(e => `${e.status} ${e.rule}`)).toEqual(['suppressed s3-bucket-versioning']);
    const both = evaluate([
      { stack: 'other', json: jsonOf(other) },
      { stack: 'any-name', json: jsonOf(accepted) },
    ]);
    expect(both.failures.map(f => `${f.stack} ${f.rule} ${f.address}`)).toEqual([
      'other s3-bucket-versioning aws_s3_bucket.bucket',
    ]);
  });

  test('at synth the aspect honours the suppression of a stack outside the platform', () => {
    const build = (accept: boolean) =>
      stackOf('standalone', s => {
        const b = bucket(s, { pab: false });
        if (accept) suppress(b, 's3-public-access-block', 'test: a public website bucket, reviewed');
        Aspects.of(s).add(new PolicyAspect());
      });
    expect(() => Testing.synth(build(false))).toThrow(/s3-public-access-block/);
    expect(() => Testing.synth(build(true))).not.toThrow();
  });
});
