import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import os from 'os';
import { dirname, join } from 'path';
import { App, TerraformAsset, TerraformStack } from 'cdktf';
import { ChartAsset, directoryAssetHash } from '../modules/addons/chart-asset';
import { LocalChart } from '../modules/addons/local-chart';

/** Every file (not folder) under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => statSync(join(dir, f)).isFile())
    : [];

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } });

describe('LocalChart writes nothing before synth', () => {
  const work = mkdtempSync(join(os.tmpdir(), 'chart-asset-'));
  const tmp = join(work, 'tmp');
  const outdir = join(work, 'out');
  beforeAll(() => {
    mkdirSync(tmp);
    // the temporary folder of this process (a chart folder made at construction would land here)
    jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
  });
  afterAll(() => {
    jest.restoreAllMocks();
    rmSync(work, { recursive: true, force: true });
  });

  test('constructing a chart writes no file, in the temporary folder or the outdir; synth writes it', () => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'charts');
    const chart = new LocalChart(stack, 'objects', { name: 'objects', description: 'test', objects: [configMap('a')] });
    expect(filesUnder(tmp)).toEqual([]);
    expect(filesUnder(outdir)).toEqual([]); // App and stack may make empty folders

    app.synth();
    expect(filesUnder(tmp)).toEqual([]);
    const dir = join(outdir, 'stacks', 'charts', chart.path);
    expect(readdirSync(dir).sort()).toEqual(['Chart.yaml', 'files', 'templates']);
    expect(readFileSync(join(dir, 'files', '00-configmap-a.yaml'), 'utf8')).toContain('k: a');
  });
});

describe('ChartAsset', () => {
  const work = mkdtempSync(join(os.tmpdir(), 'chart-asset-hash-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Writes `files` under a fresh folder and returns what cdktf's own TerraformAsset makes of it. */
  function terraformAssetOf(id: string, files: Record<string, string>): { hash: string; path: string } {
    const source = join(work, id);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(source, file)), { recursive: true });
      writeFileSync(join(source, file), text);
    }
    const stack = new TerraformStack(new App({ outdir: join(work, `${id}-out`) }), 'assets');
    const asset = new TerraformAsset(stack, id, { path: source });
    return { hash: asset.assetHash, path: asset.path };
  }

  test('hashes and names a folder exactly as TerraformAsset does, so helm_release.chart keeps its value', () => {
    // `files/b` before `files-x/a`: TerraformAsset walks folder by folder (files < files-x), not by the whole path
    // ('-' sorts before '/'); `Chart.yaml` before `a.yaml` (upper case first, as readdirSync sorts)
    const files = { 'files-x/a.yaml': 'one', 'files/b.yaml': 'two', 'a.yaml': 'three', 'Chart.yaml': 'four' };
    const expected = terraformAssetOf('chart', files);
    expect(directoryAssetHash(files)).toBe(expected.hash);
    const stack = new TerraformStack(new App({ outdir: join(work, 'own-out') }), 'assets');
    expect(new ChartAsset(stack, 'chart', { files }).path).toBe(expected.path);
  });

  test('a different content or order of contents gives a different hash', () => {
    const files = { 'a.yaml': 'one', 'b.yaml': 'two' };
    expect(directoryAssetHash(files)).not.toBe(directoryAssetHash({ 'a.yaml': 'two', 'b.yaml': 'one' }));
    expect(directoryAssetHash(files)).not.toBe(directoryAssetHash({ ...files, 'b.yaml': 'two!' }));
  });

  test('a synth leaves only the current version of the folder, as TerraformAsset does', () => {
    const outdir = join(work, 'versions');
    const synthWith = (text: string): string => {
      const app = new App({ outdir });
      const asset = new ChartAsset(new TerraformStack(app, 'assets'), 'chart', { files: { 'x.yaml': text } });
      app.synth();
      return asset.path;
    };
    const first = synthWith('one');
    const second = synthWith('two');
    expect(second).not.toBe(first);
    const folder = join(outdir, 'stacks', 'assets', dirname(second));
    expect(readdirSync(folder)).toEqual([second.split('/').pop()]);
    expect(readFileSync(join(outdir, 'stacks', 'assets', second, 'x.yaml'), 'utf8')).toBe('two');
  });
});
