import { KUBERNETES_VERSIONS } from '../../../environments/kubernetes-versions';
import type { PolicyRule } from '../types';
import { pass } from '../verdict';

/** Check 8: the Kubernetes version is one the project's dated lifecycle table knows (validation judges the dates). */
export const eksSupportedVersion: PolicyRule = {
  name: 'eks-supported-version',
  ruleId: 'CKV_AWS_339',
  priority: 'P1',
  description: 'EKS runs a Kubernetes version from the maintained lifecycle table',
  check: view =>
    view.all('aws_eks_cluster').map(c =>
      !KUBERNETES_VERSIONS.some(v => v.version === c.body.version)
        ? {
            address: c.address,
            path: 'version',
            message:
              `version ${JSON.stringify(c.body.version)} is not in environments/kubernetes-versions.ts: pin ` +
              `one of ${KUBERNETES_VERSIONS.map(v => v.version).join(', ')}`,
          }
        : pass(c),
    ),
};
