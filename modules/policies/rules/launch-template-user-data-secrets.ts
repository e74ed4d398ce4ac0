import type { PolicyRule } from '../types';
import { pass } from '../verdict';

const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // access key id
  /aws_secret_access_key\s*[=:]\s*\S{20,}/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

function decoded(userData: string): string {
  const b64 = Buffer.from(userData, 'base64').toString();
  // user_data may be plain text or base64; scan both readings
  return `${userData}\n${b64}`;
}

/** Check 15: no credentials in launch-template user data (base64-decoded first). */
export const launchTemplateUserDataSecrets: PolicyRule = {
  name: 'launch-template-user-data-secrets',
  ruleId: 'CKV_AWS_46|AVD-AWS-0129',
  priority: 'P1',
  description: 'Launch template user data holds no credentials',
  check: view =>
    view.all('aws_launch_template').map(lt =>
      typeof lt.body.user_data === 'string' &&
      SECRET_PATTERNS.some(p => p.test(decoded(lt.body.user_data as string).replace(/\$\{[^}]*\}/g, '')))
        ? {
            address: lt.address,
            path: 'user_data',
            message: 'remove credentials from user_data; nodes get AWS access from their role',
          }
        : pass(lt),
    ),
};
