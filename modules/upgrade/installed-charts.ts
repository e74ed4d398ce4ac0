import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, DISABLE_STACK_TRACE_IN_METADATA } from 'cdktf';
import type { EnvironmentConfig, PlatformConfig } from '../../environments/types';
import { AddonsStack } from '../stacks/addons-stack';

/** A chart the addons stack of an environment installs from a repository (local charts are the project's own). */
export interface InstalledChart {
  /** Helm release name, e.g. `karpenter-crd`. */
  readonly release: string;
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

interface HelmReleaseJson {
  readonly name: string;
  readonly repository?: string;
  readonly chart: string;
  readonly version: string;
}

/**
 * The remote charts of `<env>-addons`, read from the stack itself (its `helm_release` resources with a `repository`):
 * what the environment runs, with its conditions (domain, edge controller, observability), and no list to keep.
 * Builds the stack in memory; nothing is synthesized to disk and nothing is called.
 */
export function installedCharts(platform: PlatformConfig, env: EnvironmentConfig): InstalledChart[] {
  // the App makes its outdir at construction: a throw-away one, not the project's cdktf.out
  const outdir = mkdtempSync(join(tmpdir(), 'upgrade-charts-'));
  try {
    const app = new App({ outdir, context: { [DISABLE_STACK_TRACE_IN_METADATA]: true } });
    const stack = new AddonsStack(app, { platform, env });
    const json = stack.toTerraform() as { resource?: { helm_release?: Record<string, HelmReleaseJson> } };
    return Object.values(json.resource?.helm_release ?? {})
      .filter((r): r is HelmReleaseJson & { repository: string } => r.repository !== undefined)
      .map(r => ({ release: r.name, repository: r.repository, chart: r.chart, version: r.version }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
