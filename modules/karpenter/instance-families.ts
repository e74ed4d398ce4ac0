import { readFileSync } from 'fs';
import { dirname, join } from 'path';

/**
 * EC2 instance families, from the instance-type list the AWS SDK for JavaScript publishes (`_InstanceType` of
 * `@aws-sdk/client-ec2`, generated from the EC2 API model): a maintained list, not a hand-typed one. Read from the
 * package's enum file as text, on first use only, so synth start-up does not load the whole EC2 client.
 */

let families: ReadonlySet<string> | undefined;

function enumsFile(): string {
  const pkg = require.resolve('@aws-sdk/client-ec2/package.json');
  return join(dirname(pkg), 'dist-es', 'models', 'enums.js');
}

/** Every instance family (the part of an instance type before the dot: `m5` of `m5.large`). */
export function ec2InstanceFamilies(): ReadonlySet<string> {
  if (families !== undefined) return families;
  const text = readFileSync(enumsFile(), 'utf8');
  const start = text.indexOf('export const _InstanceType = {');
  const end = text.indexOf('};', start);
  if (start < 0 || end < 0)
    throw new Error(`no _InstanceType list in ${enumsFile()}: has @aws-sdk/client-ec2 changed its layout?`);
  const types = [...text.slice(start, end).matchAll(/:\s*"([a-z0-9-]+)\.[a-z0-9-]+"/g)].map(m => m[1]);
  families = new Set(types);
  return families;
}

export function isEc2InstanceFamily(family: string): boolean {
  return ec2InstanceFamilies().has(family);
}

/** Families of the list that share the first characters of `family`, to suggest in an error. */
export function similarFamilies(family: string, max = 8): string[] {
  const all = [...ec2InstanceFamilies()].sort();
  for (let n = Math.min(family.length, 3); n >= 1; n--) {
    const found = all.filter(f => f.startsWith(family.slice(0, n)));
    if (found.length > 0) return found.slice(0, max);
  }
  return all.slice(0, max);
}

/**
 * CPU architecture of a family. EC2 names Graviton (arm64) families with a `g` right after the generation digit,
 * optionally followed by other attribute letters (m7g, c7gn, r6gd, t4g, x2gd, im4gn, is4gen); `a1` is the first
 * Graviton generation. Source: EC2 instance-types guide, "Instance type naming conventions" (processor family `g`
 * = AWS Graviton). Everything else this platform can use is x86_64 (amd64).
 */
const GRAVITON_FAMILY = /^[a-z]+\d+g[a-z]*$/;

export function familyArchitecture(family: string): 'arm64' | 'amd64' {
  return family === 'a1' || GRAVITON_FAMILY.test(family) ? 'arm64' : 'amd64';
}
