import type { PolicyRule, Verdict, Violation } from '../types';
import { judge } from '../verdict';

const EXACT_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/**
 * Helm releases install an exact chart version from an https:// or oci:// repository, or a chart rendered into
 * the stack (a cdktf asset path): synth stays reproducible and charts never come over plain HTTP.
 */
export const helmReleasePinned: PolicyRule = {
  name: 'helm-release-pinned',
  ruleId: 'HELM-PINNED',
  priority: 'P1',
  description: 'Helm releases pin an exact version from an https/oci repository',
  check: view =>
    view.all('helm_release').flatMap((r): Verdict[] => {
      const out: Violation[] = [];
      const repo = r.body.repository;
      const chart = String(r.body.chart); // required by the provider
      if (repo === undefined) {
        // a local chart: a path inside the stack directory, not a repo-qualified name resolved from local Helm config
        if (!chart.startsWith('assets/') && !chart.startsWith('./') && !chart.startsWith('/')) {
          out.push({
            address: r.address,
            path: 'repository',
            message: `chart "${chart}" has no repository: set an https:// or oci:// repository`,
          });
        }
      } else if (!/^(https|oci):\/\//.test(String(repo))) {
        out.push({
          address: r.address,
          path: 'repository',
          message: `repository ${JSON.stringify(repo)} must be an https:// or oci:// URL`,
        });
      }
      if (repo !== undefined && !EXACT_VERSION.test(String(r.body.version))) {
        out.push({
          address: r.address,
          path: 'version',
          message: `version ${JSON.stringify(r.body.version)} must be an exact chart version (no range, not empty)`,
        });
      }
      return judge(r, out);
    }),
};
