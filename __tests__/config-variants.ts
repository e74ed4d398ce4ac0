import type { EnvironmentConfig, PlatformConfig } from '../environments/types';
import { type Mutable, withEnv, withPlatform } from './read-helpers';

// Builders of a configuration variant for the validation suites: `cluster({ name: 'a' })` is the patch (for withEnv)
// that sets those fields of the environment's cluster section and no other; `state({ bucket: 'ab' })` likewise (for
// withPlatform) of the platform's state section. A value outside a field's type keeps its own cast patch.

export type EnvPatch = Parameters<typeof withEnv>[1];
export type PlatformPatch = Parameters<typeof withPlatform>[0];
type Env = Mutable<EnvironmentConfig>;
type Platform = Mutable<PlatformConfig>;

const envSection =
  <K extends 'network' | 'cluster' | 'karpenter' | 'ingress' | 'secrets' | 'argocd' | 'observability'>(section: K) =>
  (fields: Partial<Env[K]>): EnvPatch =>
  e =>
    Object.assign(e[section], fields);
const platformSection =
  <K extends 'aws' | 'state' | 'github' | 'ecr'>(section: K) =>
  (fields: Partial<Platform[K]>): PlatformPatch =>
  p =>
    Object.assign(p[section], fields);

export const network = envSection('network');
export const cluster = envSection('cluster');
export const nodeGroup =
  (fields: Partial<Env['cluster']['systemNodeGroup']>): EnvPatch =>
  e =>
    Object.assign(e.cluster.systemNodeGroup, fields);
export const karpenter = envSection('karpenter');
export const ingress = envSection('ingress');
export const secrets = envSection('secrets');
export const argocd = envSection('argocd');
export const observability = envSection('observability');

/** One patch that applies each of the given ones in turn. */
export const allOf =
  (...patches: EnvPatch[]): EnvPatch =>
  e =>
    patches.forEach(patch => patch(e));

export const aws = platformSection('aws');
export const state = platformSection('state');
export const github = platformSection('github');
export const ecr = platformSection('ecr');
