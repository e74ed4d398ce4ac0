import type { IngressConfig } from '../../environments/types';
import { ConfigError, collectErrors } from '../config-errors';

/** The Service NodePort range of a default kube-apiserver (`--service-node-port-range`). */
const NODE_PORT_RANGE = [30000, 32767] as const;

type IngressRules = Pick<IngressConfig, 'replicas' | 'nodePorts' | 'certificateArn' | 'wafAclArn'>;

/**
 * The rules of {@link IngressNginx}'s `ingress` props (its replicas, the NodePorts the ALB targets, the listener's
 * certificate and web ACL); `at` names them (`dev.ingress` up front, `<construct path>.ingress` in it).
 */
export function validateIngressNginxProps(ingress: IngressRules, at: string): ConfigError[] {
  return collectErrors(at, check => {
    check(
      Number.isInteger(ingress.replicas) && ingress.replicas >= 1,
      'replicas',
      ingress.replicas,
      'expected a whole number >= 1',
    );
    for (const [name, port] of Object.entries(ingress.nodePorts)) {
      check(
        Number.isInteger(port) && port >= NODE_PORT_RANGE[0] && port <= NODE_PORT_RANGE[1],
        `nodePorts.${name}`,
        port,
        `expected a NodePort from ${NODE_PORT_RANGE[0]} to ${NODE_PORT_RANGE[1]}`,
      );
    }
    const { nodePorts } = ingress;
    check(nodePorts.http !== nodePorts.https, 'nodePorts', nodePorts, 'http and https must differ');
    if (ingress.certificateArn !== undefined) {
      check(
        /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(ingress.certificateArn),
        'certificateArn',
        ingress.certificateArn,
        'expected an ACM certificate ARN',
      );
    }
    if (ingress.wafAclArn !== undefined) {
      check(
        /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/.test(ingress.wafAclArn),
        'wafAclArn',
        ingress.wafAclArn,
        'expected a regional WAFv2 web ACL ARN',
      );
    }
  });
}
