import { dev } from './dev';
import { prod } from './prod';
import type { EnvironmentConfig } from './types';

export { platform } from './platform';
export type * from './types';

/** Every environment, in the order they are deployed. A new environment is one new file added here. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, prod];
