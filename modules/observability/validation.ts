import type { ObservabilityConfig } from '../../environments/types';
import { ConfigError, collectErrors, PropsCheck } from '../config-errors';

const MAX_RETENTION_DAYS = 3650;
/** A DNS hostname: labels of letters, digits and hyphens (RFC 1123), at least two of them, at most 253 characters. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The one retention rule of metrics, logs and the log bucket that backs Loki. */
function checkRetentionDays(check: PropsCheck, key: string, days: number): void {
  check(
    Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS,
    key,
    days,
    `expected a whole number of days from 1 to ${MAX_RETENTION_DAYS}`,
  );
}

/**
 * The rules of {@link Observability}'s `config` props (nothing when disabled: no such construct then); `at` names
 * them (`dev.observability` up front, `<construct path>.config` in it).
 */
export function validateObservabilityProps(config: ObservabilityConfig, at: string): ConfigError[] {
  return collectErrors(at, check => {
    if (!config.enabled) return;
    checkRetentionDays(check, 'metricsRetentionDays', config.metricsRetentionDays);
    checkRetentionDays(check, 'logRetentionDays', config.logRetentionDays);
    if (config.grafanaHostname !== undefined) {
      check(
        HOSTNAME.test(config.grafanaHostname),
        'grafanaHostname',
        config.grafanaHostname,
        'expected a lowercase DNS hostname such as grafana.example.com',
      );
    }
  });
}

/** The rule of {@link LogBucket}'s props: Loki's log retention (`dev.observability.logRetentionDays`). */
export function validateLogBucketProps(props: { readonly retentionDays: number }, at: string): ConfigError[] {
  return collectErrors(at, check => checkRetentionDays(check, 'retentionDays', props.retentionDays));
}
