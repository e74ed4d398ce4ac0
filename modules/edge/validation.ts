import type { IngressConfig } from '../../environments/types';
import { ConfigError, collectErrors } from '../config-errors';

const EDGE_CONTROLLERS = ['ingress-nginx', 'gateway-api'];
// RFC 1123 host names as Route 53 and ACM take them (lowercase here: Route 53 stores names lowercase)
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** ACM: at most 10 names per certificate by default (domain name + subject alternative names). */
const ACM_NAMES_PER_CERTIFICATE = 10;

/**
 * Which controllers serve the edge (`ingress.controller`, `ingress.keepIngressNginx`); `at` names them (`dev.ingress`).
 * The addons stack builds the edge constructs from this choice, so no construct of its own owns it.
 */
export function validateEdgeMode(
  ingress: Pick<IngressConfig, 'controller' | 'keepIngressNginx'>,
  at: string,
): ConfigError[] {
  return collectErrors(at, check => {
    check(
      ingress.controller === undefined || EDGE_CONTROLLERS.includes(ingress.controller),
      'controller',
      ingress.controller,
      `expected ${EDGE_CONTROLLERS.map(c => `"${c}"`).join(' or ')}`,
    );
    const keep = ingress.keepIngressNginx;
    const besideGateway = ingress.controller === 'gateway-api' && ['serving', 'draining'].includes(keep ?? '');
    const keepAllowed = keep === undefined || besideGateway;
    check(
      keepAllowed,
      'keepIngressNginx',
      keep,
      'expected "serving" or "draining", and only with controller "gateway-api" (ingress-nginx beside the Gateway)',
    );
  });
}

/** The rule of {@link HostedZone}'s props; `at` names it (`dev.ingress.domain` up front, the construct path in it). */
export function validateHostedZoneProps(props: { readonly zoneName: string }, at: string): ConfigError[] {
  return collectErrors(at, check => {
    check(
      DNS_NAME.test(props.zoneName),
      'zoneName',
      props.zoneName,
      'expected a lowercase DNS name without a trailing dot, e.g. example.com',
    );
  });
}

/**
 * The rules of {@link DomainCertificate}'s hostnames in its zone; `at` names them (`dev.ingress.domain` up front, the
 * construct path in it).
 */
export function validateDomainCertificateProps(
  props: { readonly zoneName: string; readonly hostnames: readonly string[] },
  at: string,
): ConfigError[] {
  return collectErrors(at, check => {
    const { zoneName: zone, hostnames } = props;
    check(hostnames.length > 0, 'hostnames', hostnames, 'expected at least one hostname');
    check(
      hostnames.length <= ACM_NAMES_PER_CERTIFICATE,
      'hostnames',
      hostnames,
      `expected at most ${ACM_NAMES_PER_CERTIFICATE} hostnames (the ACM quota)`,
    );
    check(new Set(hostnames).size === hostnames.length, 'hostnames', hostnames, 'hostnames must be unique');
    for (const host of hostnames) {
      const bare = host.startsWith('*.') ? host.slice(2) : host;
      check(
        DNS_NAME.test(bare) && (bare === zone || bare.endsWith(`.${zone}`)),
        'hostnames[]',
        host,
        `expected a lowercase name in the zone ${zone} (${zone}, app.${zone} or *.${zone})`,
      );
    }
  });
}
