import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, TerraformStack } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { chartValue, LocalChart, renderObject } from '../modules/addons/local-chart';

const shared = { apiVersion: 'v1', kind: 'ConfigMap' };

describe('renderObject', () => {
  test('writes plain YAML without anchors even when objects repeat', () => {
    const tags = { 'karpenter.sh/discovery': 'c' };
    const text = renderObject({ ...shared, metadata: { name: 'x' }, data: { a: tags, b: tags } } as never);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parseAllDocuments(text)[0].toJS()).toEqual({
      ...shared,
      metadata: { name: 'x' },
      data: { a: tags, b: tags },
    });
  });
});

describe('LocalChart', () => {
  test('copies a chart whose only template emits the files verbatim, so {{ }} reaches the cluster untouched', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'local-chart-')) });
    const stack = new TerraformStack(app, 'chart-test');
    const chart = new LocalChart(stack, 'objects', {
      name: 'objects',
      description: 'test',
      objects: [{ ...shared, metadata: { name: 'templated' }, data: { name: '{{.name}}' } }],
    });
    app.synth();
    const dir = join(app.outdir, 'stacks', 'chart-test', chart.path);
    expect(readdirSync(join(dir, 'templates'))).toEqual(['objects.yaml']);
    expect(readFileSync(join(dir, 'templates', 'objects.yaml'), 'utf8')).toContain('.Files.Get $path');
    const [file] = readdirSync(join(dir, 'files'));
    expect(file).toBe('00-configmap-templated.yaml');
    expect(readFileSync(join(dir, 'files', file), 'utf8')).toContain('name: "{{.name}}"');
    expect(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).toMatch(/name: objects[\s\S]*version: 1\.0\.0/);
  });
});

describe('LocalChart substitutions (values known at apply)', () => {
  test(
    'the template replaces each @@name@@ marker from values.substitutions; the release must pass exactly ' + 'those',
    () => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'local-chart-')) });
      const stack = new TerraformStack(app, 'chart-subst');
      const chart = new LocalChart(stack, 'objects', {
        name: 'objects',
        description: 'test',
        objects: [
          { ...shared, metadata: { name: 'arn' }, data: { arn: chartValue('certificateArn'), name: '{{.name}}' } },
        ],
        substitutions: ['certificateArn'],
      });
      app.synth();
      const dir = join(app.outdir, 'stacks', 'chart-subst', chart.path);
      expect(readFileSync(join(dir, 'templates', 'objects.yaml'), 'utf8')).toContain(
        'replace (printf "@@%s@@" $name) (toString $value) $text',
      );
      expect(readFileSync(join(dir, 'files', '00-configmap-arn.yaml'), 'utf8')).toContain('arn: "@@certificateArn@@"');
      expect(chart.releaseValues({ certificateArn: 'arn:x' })).toEqual({ substitutions: { certificateArn: 'arn:x' } });
      expect(() => chart.releaseValues({})).toThrow(/substitutes certificateArn, got values for nothing/);
      expect(() => chart.releaseValues({ certificateArn: 'a', other: 'b' })).toThrow(
        /got values for certificateArn, other/,
      );
    },
  );
});
