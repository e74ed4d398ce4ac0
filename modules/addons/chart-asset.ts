import { createHash } from 'crypto';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, posix } from 'path';
import { TerraformStack } from 'cdktf';
// cdktf's own hook for constructs that write files at synth (its TerraformAsset uses it); not re-exported by `cdktf`
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import type { ISynthesisSession } from 'cdktf/lib/synthesize/types';
import { Construct } from 'constructs';

/** Properties for {@link ChartAsset}. */
export interface ChartAssetProps {
  /** The folder's files by relative path (`/`-separated), as text. */
  readonly files: Readonly<Record<string, string>>;
}

/** Compares `/`-separated paths folder by folder, as a walk that lists each folder sorted by name visits them. */
function byFolderWalk(a: string, b: string): number {
  const [x, y] = [a.split('/'), b.split('/')];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * The hash `TerraformAsset` gives a directory: MD5 of its files' contents in the order its recursive walk reads them
 * (`readdirSync`, sorted by name), 32 upper-case hex digits. Source: hashicorp/terraform-cdk v0.21.0
 * packages/cdktf/lib/private/fs.ts `hashPath`. It names the folder, so equal contents keep `helm_release.chart`.
 */
export function directoryAssetHash(files: Readonly<Record<string, string>>): string {
  const md5 = createHash('md5');
  for (const file of Object.keys(files).sort(byFolderWalk)) md5.update(files[file]);
  return md5.digest('hex').toUpperCase();
}

/**
 * A directory asset of the stack held in memory: it has the path a `TerraformAsset` of the same files would have
 * (`assets/<logical id>/<hash>`), and its files are written there at synth, not first to a temporary folder. A
 * `TerraformAsset` must read its source from disk when it is constructed: two synths at once shared that folder.
 */
export class ChartAsset extends Construct {
  /** Path inside the stack directory, e.g. for `helm_release.chart`. */
  public readonly path: string;
  private readonly folder: string;

  constructor(scope: Construct, id: string, props: ChartAssetProps) {
    super(scope, id);
    const files = { ...props.files };
    this.folder = posix.join('assets', TerraformStack.of(this).getLogicalId(this.node));
    this.path = posix.join(this.folder, directoryAssetHash(files));
    addCustomSynthesis(this, { onSynthesize: session => this.write(session, files) });
  }

  private write(session: ISynthesisSession, files: Readonly<Record<string, string>>): void {
    const stackDir = join(session.outdir, session.manifest.forStack(TerraformStack.of(this)).workingDirectory);
    // as TerraformAsset does: drop the folder's earlier versions, so only the current hash is left
    rmSync(join(stackDir, this.folder), { recursive: true, force: true });
    for (const [file, text] of Object.entries(files)) {
      const target = join(stackDir, this.path, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
}
