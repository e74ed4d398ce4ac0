import type { IConstruct } from 'constructs';

/** A configuration value outside what is allowed. The message names the field, the value and what is allowed. */
export class ConfigError extends Error {
  constructor(
    public readonly field: string,
    public readonly value: unknown,
    public readonly allowed: string,
  ) {
    super(`${field} is ${JSON.stringify(value)}: ${allowed}`);
    this.name = 'ConfigError';
  }
}

/** Every configuration error of one validation run, so a user fixes them all in one round. */
export class ConfigurationErrors extends Error {
  constructor(
    public readonly errors: readonly ConfigError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map(e => e.message).join('\n'), options);
    this.name = 'ConfigurationErrors';
  }
}

/** Records a ConfigError for `<at>.<key>` unless `condition` holds; returns `condition` to guard a dependent check. */
export type PropsCheck = (condition: boolean, key: string, value: unknown, allowed: string) => boolean;

/**
 * Runs the checks of one construct's props and returns their errors, each field named `<at>.<key>`: `at` is the field
 * the user wrote (`dev.network`) when the configuration is validated up front, the construct path in the constructor.
 * A crash after a failed check is most likely that value's consequence: the errors are thrown, the crash their cause.
 */
export function collectErrors(at: string, rules: (check: PropsCheck) => void): ConfigError[] {
  const errors: ConfigError[] = [];
  try {
    rules((condition, key, value, allowed) => {
      if (!condition) errors.push(new ConfigError(`${at}.${key}`, value, allowed));
      return condition;
    });
  } catch (e) {
    if (errors.length === 0) throw e;
    throw new ConfigurationErrors(errors, { cause: e });
  }
  return errors;
}

/**
 * A construct refusing its props the way aws-cdk's `ValidationError` does: in its constructor, every error at once,
 * each field under the construct's path (`dev-vpc/network.azCount`).
 */
export function refuseInvalidProps(scope: IConstruct, validate: (at: string) => readonly ConfigError[]): void {
  refuseInvalid(validate(scope.node.path));
}

/** Throws the errors of a props check outside a construct (an object builder, which names them itself). */
export function refuseInvalid(errors: readonly ConfigError[]): void {
  if (errors.length > 0) throw new ConfigurationErrors(errors);
}

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy, `retentionInDays`). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
