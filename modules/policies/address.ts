import { createHash } from 'crypto';

/**
 * The Terraform address cdktf gives the construct at `path` (construct ids below the stack), e.g.
 * `addressOf('aws_iam_policy', 'load-balancer-controller', 'policy')` ->
 * `aws_iam_policy.load-balancer-controller_policy_1F124ED1`. cdktf 0.21 names a nested resource by its ids joined
 * with `_` (an id that the previous one ends with is dropped) plus the first 8 hex digits of the MD5 of the
 * `/`-joined path; a top-level resource keeps its id. Suppressions use it so the table names constructs, not hashes.
 */
export function addressOf(type: string, ...path: string[]): string {
  const ids = path.filter(id => id !== 'Default');
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '');
  if (ids.length === 1) return `${type}.${clean(ids[0])}`;
  const hash = createHash('md5').update(ids.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const id of ids) if (human.length === 0 || !human[human.length - 1].endsWith(id)) human.push(id);
  return `${type}.${human
    .filter(id => id !== 'Resource')
    .map(clean)
    .join('_')
    .slice(0, 240)}_${hash}`;
}
