import { ConfigError, collectErrors } from '../config-errors';

/**
 * The rules of the readable Secrets Manager prefixes ({@link ExternalSecrets}, the controller's read policy); `at`
 * names them (`dev.secrets` up front, the construct path in it, `secrets` in the policy builder).
 */
export function validateSecretsReadProps(
  props: { readonly readablePrefixes: readonly string[] },
  at: string,
): ConfigError[] {
  return collectErrors(at, check => {
    const prefixes = props.readablePrefixes;
    check(prefixes.length > 0, 'readablePrefixes', prefixes, 'expected at least one prefix');
    for (const prefix of prefixes) {
      check(
        /^[A-Za-z0-9_+=.@-]+$/.test(prefix),
        'readablePrefixes[]',
        prefix,
        'expected one path segment (no slashes or wildcards): the policy grants <prefix>/*',
      );
      // the prefix is also the namespace its ClusterSecretStore serves, and names the store's role
      check(
        /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(prefix),
        'readablePrefixes[]',
        prefix,
        'expected a Kubernetes namespace name (lowercase letters, digits, hyphens): ' +
          "the prefix's store serves that namespace",
      );
    }
  });
}
