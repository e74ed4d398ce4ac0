import { readFileSync } from 'fs';
import { join } from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { HELM_MAX_HISTORY } from '../modules/addons/helm-addon';
import { KubernetesObjects } from '../modules/addons/kubernetes-objects';
import { chartValue, LocalChart } from '../modules/addons/local-chart';
import { renderedObjects } from '../modules/policies/aspect';
import { synth } from './helpers';

const configMap = (name: string, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'apps' },
  data,
});

describe('KubernetesObjects', () => {
  let stack: TerraformStack;
  let addon: Construct;
  beforeEach(() => {
    stack = new TerraformStack(Testing.app(), 'test');
    addon = new Construct(stack, 'addon');
  });
  const releases = () => Object.values(synth(stack).resource?.helm_release ?? {});

  test('default configuration: one pinned, atomic release of a local chart beside it, `<id>-chart`', () => {
    // WHEN
    const objects = new KubernetesObjects(addon, 'things', {
      name: 'things',
      namespace: 'addon-releases',
      description: 'test',
      objects: [configMap('a')],
    });
    // THEN
    const chart = addon.node.findChild('things-chart');
    expect(chart).toBeInstanceOf(LocalChart);
    expect(objects.chart).toBe(chart);
    expect(releases()).toEqual([
      expect.objectContaining({
        name: 'things',
        namespace: 'addon-releases',
        chart: objects.chart.path,
        version: '1.0.0',
        atomic: true,
        wait: true,
        cleanup_on_fail: true,
        create_namespace: true,
        timeout: 600,
        max_history: HELM_MAX_HISTORY,
        values: ['{}'],
      }),
    ]);
    expect(releases()[0].repository).toBeUndefined();
    expect(releases()[0].skip_crds).toBeUndefined();
    // the asset folder is named by the chart's construct path, as a TerraformAsset there would be
    expect(objects.chart.path).toMatch(/^assets\/addon_things-chart_[0-9A-F]{8}\/[0-9A-F]{32}$/);
  });

  test('custom configuration: chart id, timeout and dependencies', () => {
    const props = { namespace: 'ns', description: 'd' };
    const first = new KubernetesObjects(addon, 'first', { ...props, name: 'first', objects: [configMap('a')] });
    // WHEN
    const second = new KubernetesObjects(addon, 'second', {
      ...props,
      chartId: 'chart',
      name: 'second',
      objects: [configMap('b')],
      timeoutSeconds: 300,
      dependsOn: [first.release],
    });
    // THEN
    expect(addon.node.findChild('chart')).toBe(second.chart);
    const release = releases().find(r => r.name === 'second');
    expect(release).toMatchObject({
      timeout: 300,
      chart: second.chart.path,
      depends_on: [`helm_release.${stack.getLogicalId(first.release)}`],
    });
  });

  test('the policy aspect finds the objects on the chart, installed by the chart path', () => {
    const props = { name: 'things', namespace: 'ns', description: 'd', objects: [configMap('a')] };
    const objects = new KubernetesObjects(addon, 'things', props);
    expect(objects.objects).toEqual([configMap('a')]);
    expect(renderedObjects(stack)).toEqual([{ installedBy: 'test/addon/things-chart', object: configMap('a') }]);
  });

  test('substitutions: the release fills the markers the objects hold, through the substituting template', () => {
    const outdir = Testing.app().outdir;
    const app = new App({ outdir, skipValidation: true }); // no helm provider: only the release and its chart
    const withValues = new Construct(new TerraformStack(app, 'subst'), 'addon');
    // WHEN
    const objects = new KubernetesObjects(withValues, 'edge', {
      name: 'edge',
      namespace: 'ns',
      description: 'd',
      objects: [configMap('arn', { arn: chartValue('certificateArn') })],
      substitutions: { certificateArn: '${aws_acm_certificate.c.arn}' },
    });
    app.synth();
    // THEN
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'subst', 'cdk.tf.json'), 'utf8'));
    const [release] = Object.values(json.resource.helm_release) as Array<{ values: string[] }>;
    const certificateArn = '${aws_acm_certificate.c.arn}';
    expect(JSON.parse(release.values[0])).toEqual({ substitutions: { certificateArn } });
    const dir = join(outdir, 'stacks', 'subst', objects.chart.path);
    expect(readFileSync(join(dir, 'templates', 'objects.yaml'), 'utf8')).toContain('$.Values.substitutions');
    const file = readFileSync(join(dir, 'files', '00-configmap-arn.yaml'), 'utf8');
    expect(file).toContain('arn: "@@certificateArn@@"');
  });

  test('fails when the name is not a Helm release name (a DNS label of at most 53 characters)', () => {
    const props = { namespace: 'ns', description: 'd', objects: [configMap('a')] };
    expect(() => new KubernetesObjects(addon, 'upper', { ...props, name: 'Things' })).toThrow(
      /DNS label of at most 53 characters, got "Things"/,
    );
    const long = 'a'.repeat(54);
    expect(() => new KubernetesObjects(addon, 'long', { ...props, name: long })).toThrow(`got "${long}"`);
  });
});
