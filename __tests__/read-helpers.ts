import { ChildProcess, spawn } from 'child_process';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import type { PlatformModel } from '../modules/analysis/model-file';
import type { SynthesizedStack } from '../modules/analysis/synthesized-stack';
import { readStackJson, realModel, TEST_DATE } from './real-platform';

// The helpers of suites that read the shipped platform's JSON or the configuration: nothing here loads cdktf or the
// app (jest loads a suite's imports again for every suite); helpers.ts adds those that build variants.

export { TEST_DATE };
export type { SynthesizedStack };

/** Every resource of `type` in a synthesized stack, by name. */
export function resources(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** The one resource of `type`; fails when there is not exactly one. */
export function onlyResource(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resources(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export function dataSources(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.data?.[type] ?? {};
}

const stacks = new Map<string, SynthesizedStack>();

/**
 * The synthesized JSON of one stack of the real platform, by stack id (`dev-vpc`), as `synth()` returns it. Read
 * from the one synth of the test run (`global-setup.ts`), not synthesized again per suite.
 */
export function realStack(id: string): SynthesizedStack {
  if (!stacks.has(id)) stacks.set(id, readStackJson(id) as SynthesizedStack);
  return stacks.get(id)!;
}

/** What `synthesizeModel(platform, ENVIRONMENTS)` returns: the model of the one synth of the test run. */
export function realSynthesizedPlatform(): PlatformModel {
  return realModel();
}

export const ENV_NAMES = ENVIRONMENTS.map(e => e.name);
export const ALL_STACK_IDS = [
  'state-backend',
  'shared',
  ...ENV_NAMES.flatMap(e => [`${e}-vpc`, `${e}-eks`, `${e}-addons`]),
];

/** Deep copy of an environment with some fields replaced, for tests of validation and alternatives. */
export function withEnv(base: EnvironmentConfig, patch: (env: Mutable<EnvironmentConfig>) => void): EnvironmentConfig {
  const copy = structuredClone(base) as Mutable<EnvironmentConfig>;
  patch(copy);
  return copy;
}

/**
 * A third environment, `qa`, made from dev with its own name, cluster, CIDR, secret prefix, project and application:
 * what adding an environment file to `environments/` brings.
 */
export const QA_ENVIRONMENT: EnvironmentConfig = withEnv(ENVIRONMENTS[0], e => {
  e.name = 'qa';
  e.cluster.name = 'myapp-qa';
  e.network.cidr = '10.2.0.0/16';
  e.secrets.readablePrefixes = ['qa'];
  e.secrets.containers = ['qa/myapp/database'];
  e.argocd.project = { name: 'qa', namespaces: ['qa'] };
  e.argocd.applications = [
    { name: 'myapp-qa', namespace: 'qa', path: 'myapp/overlays/qa', targetRevision: 'main', sync: 'automated' },
  ];
});

export function withPlatform(patch: (p: Mutable<PlatformConfig>) => void): PlatformConfig {
  const copy = structuredClone(platform) as Mutable<PlatformConfig>;
  patch(copy);
  return copy;
}

/** Recursively removes `readonly`, for building variants of typed configuration in tests. */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** The bash stand-in to link as a stubbed command (aws, kubectl, ...) answered by a stub server. */
export const STUB_CLIENT = join(__dirname, 'fixtures', 'stub-client.sh');
const stubServers = new Map<string, { server: ChildProcess; portFile: string }>();

/**
 * Starts one process that runs the Node stub `stub` (a script written as its own process, e.g.
 * fixtures/helm-state-world.cjs) for every call of the commands linked to STUB_CLIENT: a call then costs a bash
 * start (~3 ms), not a Node start (~40 ms). Pass the returned env to the script under test; stop it in afterAll
 * (stopStubServers). Every sandbox of a suite shares the server of its stub: a call carries all that differs between
 * sandboxes (the caller's environment names its world file and log, its working directory, its stdin), and the
 * stub's source runs afresh per call; a server per sandbox kept a dozen Node processes (~50 MB each) alive.
 */
export function startStubServer(stub: string, dir: string): Record<string, string> {
  let running = stubServers.get(stub);
  if (running === undefined || running.server.exitCode !== null || running.server.signalCode !== null) {
    const portFile = join(dir, 'stub-server.port');
    const server = spawn(process.execPath, [join(__dirname, 'fixtures', 'stub-server.cjs'), stub, portFile], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    server.unref();
    running = { server, portFile };
    stubServers.set(stub, running);
  }
  return { STUB_SERVER: running.portFile };
}

export function stopStubServers(): void {
  for (const { server } of stubServers.values()) server.kill();
  stubServers.clear();
}
