import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Construct } from 'constructs';
import { LocalChart } from '../../modules/addons/local-chart';
import { PolicyAspect, PolicyViolationError, renderedObjects } from '../../modules/policies/aspect';
import { suppress } from '../../modules/policies/suppress';
import type { PolicyRule } from '../../modules/policies/types';
import { bucket, launchTemplate } from './fixtures';
import { joinedRegExp } from '../regexp';

const ERROR = '@cdktf/error';
const WARN = '@cdktf/warn';
const INFO = '@cdktf/info';

function stackWith(build: (s: TerraformStack) => void, aspect = new PolicyAspect()): TerraformStack {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'policy-aspect-')) });
  const stack = new TerraformStack(app, 'test');
  build(stack);
  Aspects.of(stack).add(aspect);
  return stack;
}

function annotations(stack: TerraformStack, level: string): string[] {
  return stack.node.metadata.filter(m => m.type === level).map(m => String(m.data));
}

describe('PolicyAspect', () => {
  test('a compliant stack synthesizes', () => {
    const stack = stackWith(s => bucket(s));
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(annotations(stack, ERROR)).toEqual([]);
  });

  test('fails Testing.synth on a launch template that allows IMDSv1, listing the finding', () => {
    const stack = stackWith(s =>
      launchTemplate(s, { metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 1 } }),
    );
    expect(() => Testing.synth(stack)).toThrow(PolicyViolationError);
    // a failing stack is checked again, not remembered as done
    expect(() => Testing.synth(stack)).toThrow(PolicyViolationError);
    expect(annotations(stack, ERROR)).toContainEqual(
      expect.stringMatching(
        joinedRegExp(
          /^P0 launch-template-imdsv2 \[CKV_AWS_79\|AVD-AWS-0130\] test aws_launch_template\.lt /,
          /metadata_options\[0\]\.http_tokens/,
        ),
      ),
    );
  });

  test('fails app.synth on a public bucket (no public access block)', () => {
    const stack = stackWith(s => bucket(s, { pab: false }));
    expect(() => (stack.node.scope as App).synth()).toThrow(/s3-public-access-block.*aws_s3_bucket\.bucket/);
  });

  test('under the cdktf CLI it records error annotations (the CLI prints them and fails) instead of throwing', () => {
    const before = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      const stack = stackWith(s => new S3Bucket(s, 'open', { bucket: 'open' }));
      expect(() => Testing.synth(stack)).not.toThrow();
      expect(annotations(stack, ERROR).length).toBeGreaterThanOrEqual(4);
      expect(annotations(stack, ERROR).join('\n')).toContain('s3-tls-only');
    } finally {
      if (before === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = before;
    }
  });

  test('P1 findings are warnings, not errors', () => {
    const stack = stackWith(s =>
      launchTemplate(s, { userData: Buffer.from('AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP').toString('base64') }),
    );
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(annotations(stack, WARN)).toEqual([expect.stringContaining('launch-template-user-data-secrets')]);
  });

  test('P2 findings are info; the error names the stack and the count of blocking findings, one line each', () => {
    const hygiene = stackWith(s => new SecurityGroup(s, 'orphan', { description: 'unused' }));
    expect(() => Testing.synth(hygiene)).not.toThrow();
    expect(annotations(hygiene, INFO)).toEqual([
      expect.stringMatching(/^P2 sg-attached \[CKV2_AWS_5\] test aws_security_group\.orphan id: /),
    ]);
    expect(annotations(hygiene, WARN)).toEqual([]);
    const blocked = stackWith(s =>
      launchTemplate(s, { metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 } }),
    );
    expect(() => Testing.synth(blocked)).toThrow(
      joinedRegExp(
        /^test: 2 policy finding\(s\) block synth \(fix them, or accept one with a reasoned suppress\(resource, /,
        /rule, reason\) in the construct that creates it, modules\/policies\/suppress\.ts\):\n {2}P0 /,
        /launch-template-hop-limit .*\n {2}P0 launch-template-imdsv2 .*$/,
      ),
    );
  });

  test('the stack settings come from the settings function, by stack id', () => {
    const admin = 'arn:aws:iam::123456789012:role/admin';
    const aspect = new PolicyAspect({
      settings: id => (id === 'test' ? { clusterAdminPrincipalArns: [admin] } : undefined),
    });
    const stack = stackWith(s => {
      new EksAccessPolicyAssociation(s, 'admin', {
        clusterName: 'c',
        principalArn: admin,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
      });
    }, aspect);
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(annotations(stack, WARN)).toEqual([]);
  });

  test('a reasoned suppression lets the stack synthesize', () => {
    const stack = stackWith(s => {
      const lt = launchTemplate(s, { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 } });
      suppress(lt, 'launch-template-hop-limit', 'test: a workload without Pod Identity needs IMDS');
    });
    expect(() => Testing.synth(stack)).not.toThrow();
  });
});

describe('PolicyAspect: the rendered Kubernetes objects and the stacks it has judged', () => {
  /** A P0 rule over every rendered object, naming the chart that installs it. */
  const objectsRule: PolicyRule = {
    name: 'no-config-maps',
    ruleId: 'ID-objects',
    priority: 'P0',
    description: 'flags every rendered ConfigMap',
    check: view =>
      view.objects
        .filter(o => o.object.kind === 'ConfigMap')
        .map(o => ({ address: o.installedBy, path: 'metadata.name', message: o.object.metadata.name })),
  };
  const object = (kind: string, name: string) => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'ns' } });

  test("the rules see every object of every local chart of the stack, nested or not, with the chart's path", () => {
    const aspect = new PolicyAspect({ rules: [objectsRule] });
    const stack = stackWith(s => {
      new LocalChart(s, 'top', {
        name: 'top',
        description: 'd',
        objects: [object('ConfigMap', 'a'), object('Secret', 's')],
      });
      new LocalChart(new Construct(s, 'addon'), 'chart', {
        name: 'nested',
        description: 'd',
        objects: [object('ConfigMap', 'b')],
      });
    }, aspect);
    expect(renderedObjects(stack).map(o => `${o.installedBy} ${o.object.kind}/${o.object.metadata.name}`)).toEqual([
      'test/top ConfigMap/a',
      'test/top Secret/s',
      'test/addon/chart ConfigMap/b',
    ]);
    expect(() => Testing.synth(stack)).toThrow(PolicyViolationError);
    expect(annotations(stack, ERROR)).toEqual([
      'P0 no-config-maps [ID-objects] test test/addon/chart metadata.name: b',
      'P0 no-config-maps [ID-objects] test test/top metadata.name: a',
    ]);
  });

  test('a stack that passed is judged once, however often it is synthesized (its warnings are not repeated)', () => {
    const stack = stackWith(s =>
      launchTemplate(s, { userData: Buffer.from('AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP').toString('base64') }),
    );
    Testing.synth(stack);
    Testing.synth(stack);
    expect(annotations(stack, WARN)).toHaveLength(1);
  });
});
