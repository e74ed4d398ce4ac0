import { ConfigError, collectErrors } from '../config-errors';
import type { EcrRepositoriesProps } from './ecr-repositories';

const ECR_REPOSITORY_NAME = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

type EcrRules = Pick<EcrRepositoriesProps, 'repositories' | 'keepLastImages' | 'untaggedExpiryDays'>;

/** The rules of {@link EcrRepositories}' props; `at` names them (`platform.ecr` up front, the construct path in it). */
export function validateEcrRepositoriesProps(props: EcrRules, at: string): ConfigError[] {
  return collectErrors(at, check => {
    check(props.repositories.length > 0, 'repositories', props.repositories, 'expected at least one repository');
    const seen = new Set<string>();
    for (const repo of props.repositories) {
      // ECR's CreateRepository rule: lowercase segments, 2 to 256 characters
      check(
        ECR_REPOSITORY_NAME.test(repo) && repo.length >= 2 && repo.length <= 256,
        'repositories[]',
        repo,
        'expected an ECR repository name: lowercase segments separated by /, . _ or -',
      );
      // one construct id and one repository per name
      check(!seen.has(repo), 'repositories[]', repo, 'repository names must be unique');
      seen.add(repo);
    }
    check(
      Number.isInteger(props.keepLastImages) && props.keepLastImages >= 1,
      'keepLastImages',
      props.keepLastImages,
      'expected a whole number >= 1',
    );
    check(
      Number.isInteger(props.untaggedExpiryDays) && props.untaggedExpiryDays >= 1,
      'untaggedExpiryDays',
      props.untaggedExpiryDays,
      'expected a whole number of days >= 1',
    );
  });
}
