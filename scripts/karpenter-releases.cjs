#!/usr/bin/env node
// Prints the Helm releases of a synthesized addons stack that run on Karpenter capacity, one "<namespace> <name>"
// line each, in the order to uninstall them (dependents first). Used by scripts/destroy.sh, which removes them
// while the nodes still exist: a release uninstalled after the NodePools would need pods that can no longer run
// (the External Secrets webhook must answer when the ClusterSecretStore goes).
//
// Every release not pinned to the system nodes depends on the NodePool release (modules/stacks/addons-stack.ts:
// "everything not pinned to the system nodes depends on them"), so the releases on Karpenter capacity are those that
// depend on it, directly or through another release. Plain CommonJS: it runs before (and without) tsx.
'use strict';
const { readFileSync } = require('fs');

/** Release name of the NodePools (modules/karpenter/karpenter.ts). */
const NODE_POOLS_RELEASE = 'karpenter-nodepools';

/** @returns {Array<{ namespace: string, name: string }>} in uninstall order */
function karpenterReleases(stack) {
  const releases = (stack.resource && stack.resource.helm_release) || {};
  const ids = Object.keys(releases);
  const pools = ids.filter(id => releases[id].name === NODE_POOLS_RELEASE);
  if (pools.length !== 1)
    throw new Error(`expected one helm_release named ${NODE_POOLS_RELEASE}, found ${pools.length}`);
  const dependsOn = id =>
    (releases[id].depends_on || []).filter(d => d.startsWith('helm_release.')).map(d => d.slice(13));
  const memo = new Map();
  const onCapacity = id => {
    if (!memo.has(id)) {
      memo.set(id, false); // the graph is acyclic (Terraform checks it); this only stops a malformed input
      memo.set(
        id,
        dependsOn(id).some(dep => dep === pools[0] || onCapacity(dep)),
      );
    }
    return memo.get(id);
  };
  const selected = ids.filter(onCapacity);
  // dependents first: a release goes before every release it depends on
  const ordered = [];
  const visit = id => {
    if (ordered.includes(id)) return;
    for (const other of selected) if (dependsOn(other).includes(id)) visit(other);
    ordered.push(id);
  };
  for (const id of selected) visit(id);
  return ordered.map(id => ({ namespace: releases[id].namespace, name: releases[id].name }));
}

/** What destroy.sh reads: one "<namespace> <name>" line per release of the stack file, in uninstall order. */
function releaseLines(stackFile) {
  const stack = JSON.parse(readFileSync(stackFile, 'utf8'));
  return karpenterReleases(stack)
    .map(r => `${r.namespace} ${r.name}\n`)
    .join('');
}

if (require.main === module) process.stdout.write(releaseLines(process.argv[2]));

module.exports = { karpenterReleases, releaseLines, NODE_POOLS_RELEASE };
