import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { App, TerraformStack } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { LocalChart, renderObject } from '../modules/addons/local-chart';
import { buildTestPlatform } from './helpers';

const shared = { apiVersion: 'v1', kind: 'ConfigMap' };

describe('renderObject', () => {
  test('writes plain YAML without anchors even when objects repeat', () => {
    const tags = { 'karpenter.sh/discovery': 'c' };
    const text = renderObject({ ...shared, metadata: { name: 'x' }, data: { a: tags, b: tags } } as never);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parseAllDocuments(text)[0].toJS()).toEqual({ ...shared, metadata: { name: 'x' }, data: { a: tags, b: tags } });
  });
});

describe('LocalChart', () => {
  test('copies a chart whose only template emits the files verbatim, so {{ }} reaches the cluster untouched', () => {
    const app = new App({ outdir: buildTestPlatform().app.outdir });
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
