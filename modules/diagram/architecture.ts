import type { EnvironmentConfig } from '../../environments/types';
import type { PlatformModel } from '../analysis/platform-model';
import { countOf, objectsOf, resourcesOf, StackModel } from '../analysis/stack-model';
import { block } from '../analysis/synthesized-stack';
import { ENVIRONMENT_LAYERS, SHARED_STACK_ID, STATE_BACKEND_STACK_ID, stackId } from '../naming';

/**
 * The architecture picture as Mermaid, generated from the synthesized stacks: the stacks in deploy order with the
 * main resources of each layer, and each environment's traffic path as configured: Internet -> (Route 53) -> ALB ->
 * NodePort -> ingress-nginx -> Service -> Pod, or Internet -> (Route 53) -> ALB -> Gateway -> pod IPs.
 * Pure: synthesized JSON and configuration in, text out.
 */

type Resources = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Mermaid node id of a stack (`dev-vpc` -> `dev_vpc`; ids must not contain `-`). */
const nodeId = (id: string): string => `s_${id.replace(/[^a-zA-Z0-9]/g, '_')}`;

/** A quoted Mermaid label; `"` is the one character a quoted label cannot hold. */
const label = (lines: readonly string[]): string => `["${lines.map(l => l.replace(/"/g, "'")).join('<br/>')}"]`;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function values(resources: Resources): Array<Readonly<Record<string, unknown>>> {
  return Object.values(resources);
}

function stateBackendLines(stack: StackModel): string[] {
  return [
    `${STATE_BACKEND_STACK_ID} (local state)`,
    `S3 ${values(resourcesOf(stack, 'aws_s3_bucket'))
      .map(b => String(b.bucket))
      .join(', ')}`,
    `DynamoDB ${values(resourcesOf(stack, 'aws_dynamodb_table'))
      .map(t => String(t.name))
      .join(', ')}`,
  ];
}

function sharedLines(stack: StackModel): string[] {
  return [
    SHARED_STACK_ID,
    `${plural(countOf(stack, 'aws_ecr_repository'), 'ECR repository', 'ECR repositories')} · ` +
      `${plural(countOf(stack, 'aws_secretsmanager_secret'), 'secret')}`,
    `GitHub OIDC provider · ${plural(countOf(stack, 'aws_iam_role'), 'CI role')} · ` +
      `${plural(countOf(stack, 'aws_kms_key'), 'KMS key')}`,
  ];
}

function vpcLines(id: string, stack: StackModel): string[] {
  const vpc = values(resourcesOf(stack, 'aws_vpc'))[0];
  const subnets = values(resourcesOf(stack, 'aws_subnet'));
  const isPublic = (s: Readonly<Record<string, unknown>>): boolean =>
    ((s.tags ?? {}) as Record<string, unknown>)['kubernetes.io/role/elb'] !== undefined;
  const publicCount = subnets.filter(isPublic).length;
  return [
    id,
    `VPC ${String(vpc?.cidr_block ?? '?')} · ${publicCount} public + ${subnets.length - publicCount} private subnets`,
    `${plural(countOf(stack, 'aws_nat_gateway'), 'NAT gateway')} · ` +
      `${countOf(stack, 'aws_flow_log') > 0 ? 'flow logs' : 'no flow logs'}`,
  ];
}

function eksLines(id: string, stack: StackModel): string[] {
  const clusters = values(resourcesOf(stack, 'aws_eks_cluster')).map(c => `EKS ${String(c.name)} ${String(c.version)}`);
  const templates = resourcesOf(stack, 'aws_launch_template');
  const groups = values(resourcesOf(stack, 'aws_eks_node_group')).map(g => {
    const ref = String(block(g.launch_template)?.id ?? '');
    const template = templates[/aws_launch_template\.([^.]+)\./.exec(ref)?.[1] ?? ''];
    const type = Array.isArray(g.instance_types) ? String(g.instance_types[0]) : String(template?.instance_type ?? '?');
    return (
      `nodes ${String(g.node_group_name ?? '')}: ${String(block(g.scaling_config)?.desired_size ?? '?')} x ` + `${type}`
    );
  });
  const addons = values(resourcesOf(stack, 'aws_eks_addon'))
    .map(a => String(a.addon_name))
    .sort();
  return [
    id,
    [...clusters, ...groups].join(' · '),
    `add-ons: ${addons.join(', ') || 'none'}`,
    `${plural(countOf(stack, 'aws_eks_access_entry'), 'access entry', 'access entries')} · ` +
      `${plural(countOf(stack, 'aws_kms_key'), 'KMS key')}`,
  ];
}

/** `argo-cd 10.1.1` for a chart from a repository, `argocd-apps (local chart)` for one rendered by this project. */
function releaseName(release: Readonly<Record<string, unknown>>): string {
  const chart = String(release.chart);
  return chart.startsWith('assets/') ? `${String(release.name)} (local chart)` : `${chart} ${String(release.version)}`;
}

function addonsLines(id: string, stack: StackModel): string[] {
  const releases = values(resourcesOf(stack, 'helm_release')).map(releaseName).sort();
  const rows: string[] = [];
  for (let i = 0; i < releases.length; i += 3) rows.push(releases.slice(i, i + 3).join(' · '));
  return [
    id,
    ...(rows.length > 0 ? rows : ['no Helm releases']),
    `${plural(countOf(stack, 'aws_eks_pod_identity_association'), 'Pod Identity association')}`,
  ];
}

function ingressNginxVersion(stack: StackModel): string | undefined {
  const release = values(resourcesOf(stack, 'helm_release')).find(r => r.chart === 'ingress-nginx');
  return release ? `ingress-nginx ${String(release.version)}` : undefined;
}

type Obj = Readonly<Record<string, unknown>>;
const objects = (stack: StackModel, kind: string): readonly Obj[] => objectsOf(stack, kind);

/** Whether the ALB of an edge listens with TLS: the Ingress's listen-ports, or the Gateway's configuration. */
function ingressTls(stack: StackModel): boolean {
  return objects(stack, 'Ingress').some(i => {
    const annotations = (block(i.metadata)?.annotations ?? {}) as Obj;
    return /"HTTPS"/.test(String(annotations['alb.ingress.kubernetes.io/listen-ports']));
  });
}

function gatewayTls(stack: StackModel): boolean {
  return objects(stack, 'LoadBalancerConfiguration').some(c =>
    ((block(c.spec)?.listenerConfigurations ?? []) as Obj[]).some(l => String(l.protocolPort).startsWith('HTTPS:')),
  );
}

/** Namespaces the Gateway accepts routes from (its listeners' selectors on the namespace name). */
function gatewayNamespaces(stack: StackModel): string[] {
  const names = objects(stack, 'Gateway').flatMap(g =>
    ((block(g.spec)?.listeners ?? []) as Obj[]).flatMap(l => {
      const selector = (block(block(block(l.allowedRoutes)?.namespaces)?.selector) ?? {}) as Obj;
      return ((selector.matchExpressions ?? []) as Obj[]).flatMap(e => (e.values ?? []) as string[]);
    }),
  );
  return [...new Set(names)];
}

/** The names external-dns publishes: the certificate's names (domain name and alternative names). */
function dnsLines(stack: StackModel): string[] | undefined {
  const zones = values(((stack.json.data ?? {}) as Record<string, Resources>).aws_route53_zone ?? {});
  if (zones.length === 0) return undefined;
  const names = values(resourcesOf(stack, 'aws_acm_certificate')).flatMap(c => [
    String(c.domain_name),
    ...((c.subject_alternative_names ?? []) as string[]),
  ]);
  return [
    `Route 53 ${zones.map(z => String(z.name)).join(', ')}`,
    `external-dns: ${names.join(', ') || 'the hostnames of the edge'}`,
  ];
}

/** One environment's traffic path, from its addons stack: the configured edge(s), TLS and DNS. */
function trafficLines(env: EnvironmentConfig, stack: StackModel): string[] {
  const t = (id: string): string => `t_${nodeId(env.name).slice(2)}_${id}`;
  const nginx = ingressNginxVersion(stack);
  const gateway = objects(stack, 'Gateway').length > 0;
  const tls = (on: boolean): string => (on ? 'HTTPS (ACM), HTTP redirects' : 'HTTP only');
  const out = [
    `  subgraph traffic_${nodeId(env.name)}["Traffic in ${env.name}"]`,
    '    direction LR',
    `    ${t('internet')}(("Internet"))`,
  ];
  const dns = dnsLines(stack);
  if (dns) out.push(`    ${t('dns')}${label(dns)}`);
  // external-dns follows the Gateway when there is one (during a migration the old ALB only serves cached answers)
  const entry = (alb: string, published: boolean): string =>
    dns && published ? `${t('internet')} --> ${t('dns')} --> ${alb}` : `${t('internet')} --> ${alb}`;
  if (nginx) {
    const { http, https } = env.ingress.nodePorts;
    out.push(
      `    ${t('alb')}${label(['ALB, internet-facing', `public subnets, ${tls(ingressTls(stack))}`])}`,
      `    ${t('nodeport')}${label([`NodePort ${http} / ${https}`, 'on the nodes, private subnets'])}`,
      `    ${t('nginx')}${label([nginx, 'controller pods'])}`,
      `    ${entry(t('alb'), !gateway)} --> ${t('nodeport')} --> ${t('nginx')} --> ${t('service')} --> ${t('pod')}`,
    );
  }
  if (gateway) {
    const namespaces = gatewayNamespaces(stack);
    out.push(
      `    ${t('gwalb')}${label(['ALB of the Gateway, internet-facing', `public subnets, ${tls(gatewayTls(stack))}`])}`,
      `    ${t('gateway')}${label([
        'Gateway API (load balancer controller)',
        `routes from ${namespaces.join(', ') || 'no namespace'}`,
      ])}`,
      `    ${entry(t('gwalb'), true)} --> ${t('gateway')} --> ${t('pod')}`,
    );
  }
  out.push(`    ${t('service')}["Service"]`, `    ${t('pod')}["Pod"]`, '  end');
  return out;
}

/** The Mermaid source (without fences). */
export function architectureMermaid(environments: readonly EnvironmentConfig[], synthesized: PlatformModel): string {
  const out: string[] = ['flowchart LR'];
  out.push(`  ${nodeId(STATE_BACKEND_STACK_ID)}${label(stateBackendLines(synthesized.stateBackend))}`);
  out.push(`  ${nodeId(SHARED_STACK_ID)}${label(sharedLines(synthesized.shared))}`);
  out.push(`  ${nodeId(STATE_BACKEND_STACK_ID)} --> ${nodeId(SHARED_STACK_ID)}`);
  for (const env of environments) {
    const stacks = synthesized.environments[env.name];
    if (!stacks) throw new Error(`no synthesized stacks for environment "${env.name}"`);
    const [vpc, eks, addons] = ENVIRONMENT_LAYERS.map(layer => stackId(env.name, layer));
    out.push(`  subgraph env_${nodeId(env.name)}["${env.name}"]`, '    direction LR');
    out.push(`    ${nodeId(vpc)}${label(vpcLines(vpc, stacks.vpc))}`);
    out.push(`    ${nodeId(eks)}${label(eksLines(eks, stacks.eks))}`);
    out.push(`    ${nodeId(addons)}${label(addonsLines(addons, stacks.addons))}`);
    out.push(`    ${nodeId(vpc)} --> ${nodeId(eks)} --> ${nodeId(addons)}`, '  end');
    out.push(`  ${nodeId(SHARED_STACK_ID)} --> ${nodeId(vpc)}`);
  }
  for (const env of environments) out.push(...trafficLines(env, synthesized.environments[env.name].addons));
  return out.join('\n');
}
