import { ConfigError, collectErrors } from '../config-errors';
import type { ArgoCdObjectsProps } from './argocd-objects';

type ArgoCdRules = Pick<ArgoCdObjectsProps, 'helmChartsRepoUrl' | 'project' | 'applications'>;

/**
 * The rules of the Argo CD project and its applications (a configuration Argo CD could not sync); `at` names them
 * (`dev.argocd` up front, the construct path in {@link ArgoCd}, `argocd` in the object builders).
 */
export function validateArgoCdObjectsProps(props: ArgoCdRules, at: string): ConfigError[] {
  return collectErrors(at, check => {
    check(
      /^https:\/\/\S+$/.test(props.helmChartsRepoUrl),
      'helmChartsRepoUrl',
      props.helmChartsRepoUrl,
      'expected an https:// Git URL',
    );
    const { namespaces } = props.project;
    check(namespaces.length > 0, 'project.namespaces', namespaces, 'expected at least one namespace');
    // one Application per name: Argo CD would generate one for both
    const names = new Set<string>();
    for (const app of props.applications) {
      check(!names.has(app.name), 'applications[].name', app.name, 'application names must be unique');
      names.add(app.name);
      check(
        namespaces.includes(app.namespace),
        `applications["${app.name}"].namespace`,
        app.namespace,
        `expected one of the project's namespaces (${namespaces.join(', ')})`,
      );
    }
  });
}
