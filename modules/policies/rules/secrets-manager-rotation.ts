import type { PolicyRule } from '../types';
import { pass } from '../verdict';
import { first } from '../util';

function withinNinetyDays(rotation: Readonly<Record<string, unknown>>): boolean {
  const rules = first(rotation.rotation_rules);
  const days = Number(rules.automatically_after_days);
  if (Number.isFinite(days) && days > 0) return days <= 90;
  const schedule = String(rules.schedule_expression); // absent: 'undefined', neither a cron nor a rate
  const rate = /^rate\((\d+) days?\)$/.exec(schedule);
  return schedule.startsWith('cron(') || (rate !== null && Number(rate[1]) <= 90);
}

/**
 * Check 41 (rotation): each secret rotates at least every 90 days. Static third-party secrets cannot; they are
 * suppressed with a reason and a review date (C6).
 */
export const secretsManagerRotation: PolicyRule = {
  name: 'secrets-manager-rotation',
  ruleId: 'CKV2_AWS_57|CKV_AWS_304',
  priority: 'P1',
  description: 'Secrets Manager secrets rotate at least every 90 days',
  check: view =>
    view.all('aws_secretsmanager_secret').map(s =>
      !view.children('aws_secretsmanager_secret_rotation', 'secret_id', s.address).some(r => withinNinetyDays(r.body))
        ? {
            address: s.address,
            path: 'rotation',
            message:
              'add an aws_secretsmanager_secret_rotation (<= 90 days), or suppress with the reason it cannot rotate',
          }
        : pass(s),
    ),
};
