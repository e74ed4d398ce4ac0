#!/usr/bin/env node
// Helpers of scripts/move-helm-state.sh, which moves the Helm state of an environment's add-on releases into the
// namespace that holds only Helm state (modules/addons/namespaces.ts, ADDON_STATE_NAMESPACE). Plain CommonJS: it
// runs before (and without) tsx.
//
//   node scripts/helm-state.cjs releases <addons cdk.tf.json>   "<terraform name> <release>" of each release kept there
//   node scripts/helm-state.cjs namespaces <addons cdk.tf.json> "<release> <namespace>" of each Namespace release
//   node scripts/helm-state.cjs relocate <namespace>             a Helm record Secret (JSON on stdin), moved
//   node scripts/helm-state.cjs same <copy.json>                  fails unless the Secret on stdin holds the same
//                                                                Helm record as the copy (type, labels, release)
//   node scripts/helm-state.cjs unmoved <addons cdk.tf.json>    "<namespace>/<release>" of each Helm record (stdin:
//                                                                "<namespace> <release>" lines) still to be moved
//   node scripts/helm-state.cjs guard                            fails on a plan (`terraform show -json`, stdin)
//                                                                that would replace a release to move its state
//   node scripts/helm-state.cjs namespace                        STATE_NAMESPACE
//   node scripts/helm-state.cjs serve                            the commands above, requested line by line in one
//                                                                process (serve() says how)
//
// Helm's Secret storage driver keeps each revision as Secret `sh.helm.release.v1.<release>.v<revision>`, labelled
// owner=helm, name, status, version; its `release` key is base64 of the gzipped release JSON, whose `namespace`
// field is where Helm installs and upgrades the release (helm pkg/storage/driver/secrets.go and util.go;
// pkg/action/upgrade.go keeps `currentRelease.Namespace`), and which the Terraform provider reads back as the
// release's namespace.
'use strict';
const { readFileSync } = require('fs');
const zlib = require('zlib');

/** modules/addons/namespaces.ts ADDON_STATE_NAMESPACE (a test keeps the two equal). */
const STATE_NAMESPACE = 'addon-releases';
const GZIP_MAGIC = [0x1f, 0x8b];

const helmReleases = stack => Object.entries((stack.resource && stack.resource.helm_release) || {});

/** @returns {Array<{ address: string, name: string }>} the releases whose Helm state lives in STATE_NAMESPACE */
function stateReleases(stack) {
  return helmReleases(stack)
    .filter(([, r]) => r.namespace === STATE_NAMESPACE)
    .map(([id, r]) => ({ address: `helm_release.${id}`, name: r.name }));
}

/** @returns {Array<{ release: string, namespace: string }>} the releases of modules/addons/namespace-release.ts */
function namespaceReleases(stack) {
  return stateReleases(stack)
    .filter(r => r.name.endsWith('-namespace'))
    .map(r => ({ release: r.name, namespace: r.name.slice(0, -'-namespace'.length) }));
}

function decodeRecord(data) {
  const helmEncoded = Buffer.from(Buffer.from(data, 'base64').toString('utf8'), 'base64');
  const zipped = helmEncoded[0] === GZIP_MAGIC[0] && helmEncoded[1] === GZIP_MAGIC[1];
  return JSON.parse((zipped ? zlib.gunzipSync(helmEncoded) : helmEncoded).toString('utf8'));
}

function encodeRecord(record) {
  const helmEncoded = zlib.gzipSync(Buffer.from(JSON.stringify(record))).toString('base64');
  return Buffer.from(helmEncoded).toString('base64');
}

/** The same Helm record as a new Secret in `namespace`, its release's namespace set to it. */
function relocate(secret, namespace) {
  if (secret.type !== 'helm.sh/release.v1' || !secret.data || !secret.data.release) {
    throw new Error(`${secret.metadata && secret.metadata.name}: not a Helm release record (type helm.sh/release.v1)`);
  }
  const record = decodeRecord(secret.data.release);
  record.namespace = namespace;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: secret.type,
    metadata: { name: secret.metadata.name, namespace, labels: secret.metadata.labels || {} },
    data: { release: encodeRecord(record) },
  };
}

/**
 * The releases whose Helm records are still outside STATE_NAMESPACE although the stack keeps them there: an
 * environment scripts/move-helm-state.sh has not moved yet.
 * @param {Array<{ namespace: string, release: string }>} records the cluster's Helm records (label `name`)
 * @returns {string[]} "<namespace>/<release>", sorted, each once
 */
function unmovedReleases(stack, records) {
  const kept = new Set(stateReleases(stack).map(r => r.name));
  const unmoved = records.filter(r => kept.has(r.release) && r.namespace !== STATE_NAMESPACE);
  return [...new Set(unmoved.map(r => `${r.namespace}/${r.release}`))].sort();
}

/** Whether two Secrets hold the same Helm record: what a re-run finds when an earlier run stopped after the copy. */
function sameRecord(a, b) {
  const labels = s => JSON.stringify(Object.entries((s.metadata && s.metadata.labels) || {}).sort());
  return (
    a.type === b.type &&
    labels(a) === labels(b) &&
    JSON.stringify(decodeRecord(a.data.release)) === JSON.stringify(decodeRecord(b.data.release))
  );
}

/**
 * Releases a plan would uninstall and install again only to move their Helm state into STATE_NAMESPACE: what an
 * environment deployed before it plans until scripts/move-helm-state.sh ran (docs/DEPLOYMENT.md).
 * @returns {string[]} their addresses
 */
function stateMoveReplacements(plan) {
  return (plan.resource_changes || [])
    .filter(
      c =>
        c.type === 'helm_release' &&
        c.change &&
        c.change.actions.includes('delete') &&
        c.change.actions.includes('create'),
    )
    .filter(
      c =>
        c.change.before &&
        c.change.after &&
        c.change.before.namespace !== STATE_NAMESPACE &&
        c.change.after.namespace === STATE_NAMESPACE,
    )
    .map(c => c.address);
}

/**
 * One command of the CLI below. `input` is what it reads as stdin; the result is what the process would print and
 * its exit status.
 * @returns {{ status: number, stdout: string, stderr: string }}
 */
function runCommand(command, arg, input) {
  const lines = items => items.map(item => `${item}\n`).join('');
  const ok = stdout => ({ status: 0, stdout, stderr: '' });
  if (command === 'namespace') return ok(STATE_NAMESPACE);
  if (command === 'releases') {
    return ok(lines(stateReleases(JSON.parse(readFileSync(arg, 'utf8'))).map(r => `${r.address} ${r.name}`)));
  }
  if (command === 'namespaces') {
    return ok(lines(namespaceReleases(JSON.parse(readFileSync(arg, 'utf8'))).map(r => `${r.release} ${r.namespace}`)));
  }
  if (command === 'guard') {
    const replaced = stateMoveReplacements(JSON.parse(input()));
    const stderr = lines(replaced.map(address => `would be replaced to move its Helm state: ${address}`));
    return { status: replaced.length > 0 ? 1 : 0, stdout: '', stderr };
  }
  if (command === 'unmoved') {
    const records = input()
      .split('\n')
      .map(line => line.trim().split(/\s+/))
      .filter(fields => fields.length === 2)
      .map(([namespace, release]) => ({ namespace, release }));
    return ok(lines(unmovedReleases(JSON.parse(readFileSync(arg, 'utf8')), records)));
  }
  if (command === 'same') {
    const same = sameRecord(JSON.parse(input()), JSON.parse(readFileSync(arg, 'utf8')));
    return { status: same ? 0 : 1, stdout: '', stderr: '' };
  }
  if (command === 'relocate') return ok(`${JSON.stringify(relocate(JSON.parse(input()), arg))}\n`);
  const usage =
    'usage: helm-state.cjs releases|namespaces|unmoved <cdk.tf.json> | relocate <namespace> | same <copy.json>' +
    ' | guard | namespace | serve\n';
  return { status: 2, stdout: '', stderr: usage };
}

/**
 * `serve`: the commands above in one process, for a script that would otherwise start Node once per Helm record.
 * Each stdin line is a request, "<command>\t<arg>\t<input file>\t<output file>" (an empty input file: no input);
 * the command's stdout goes to the output file, its stderr to this process's stderr, and the reply is a line with
 * its exit status (1 when it threw, as an uncaught error exits the CLI).
 */
function serve() {
  const readline = require('readline');
  const { writeFileSync } = require('fs');
  readline.createInterface({ input: process.stdin, terminal: false }).on('line', line => {
    const [command, arg, inputFile, outputFile] = line.split('\t');
    let result;
    try {
      result = runCommand(command, arg, () => readFileSync(inputFile, 'utf8'));
    } catch (error) {
      result = { status: 1, stdout: '', stderr: `${error.stack || error}\n` };
    }
    if (outputFile) writeFileSync(outputFile, result.stdout);
    process.stderr.write(result.stderr);
    process.stdout.write(`${result.status}\n`);
  });
}

if (require.main === module) {
  const [command, arg] = process.argv.slice(2);
  if (command === 'serve') {
    serve();
  } else {
    const result = runCommand(command, arg, () => readFileSync(0, 'utf8'));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.status;
  }
}

module.exports = {
  STATE_NAMESPACE,
  stateReleases,
  namespaceReleases,
  relocate,
  sameRecord,
  unmovedReleases,
  decodeRecord,
  encodeRecord,
  stateMoveReplacements,
};
