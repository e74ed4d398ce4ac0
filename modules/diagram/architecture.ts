import type { EnvironmentConfig } from '../../environments/types';
import { block, countOf, resourcesOf, SynthesizedPlatform, SynthesizedStack } from '../cost/synthesized';
import { ENVIRONMENT_LAYERS, SHARED_STACK_ID, STATE_BACKEND_STACK_ID, stackId } from '../naming';

/**
 * The architecture picture as Mermaid, generated from the synthesized stacks: the stacks in deploy order with the
 * main resources of each layer, and the traffic path Internet -> ALB -> NodePort -> ingress-nginx -> Service -> Pod.
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

function stateBackendLines(stack: SynthesizedStack): string[] {
  return [
    `${STATE_BACKEND_STACK_ID} (local state)`,
    `S3 ${values(resourcesOf(stack, 'aws_s3_bucket')).map(b => String(b.bucket)).join(', ')}`,
    `DynamoDB ${values(resourcesOf(stack, 'aws_dynamodb_table')).map(t => String(t.name)).join(', ')}`,
  ];
}

function sharedLines(stack: SynthesizedStack): string[] {
  return [
    SHARED_STACK_ID,
    `${plural(countOf(stack, 'aws_ecr_repository'), 'ECR repository', 'ECR repositories')} · ${plural(countOf(stack, 'aws_secretsmanager_secret'), 'secret')}`,
    `GitHub OIDC provider · ${plural(countOf(stack, 'aws_iam_role'), 'CI role')} · ${plural(countOf(stack, 'aws_kms_key'), 'KMS key')}`,
  ];
}

function vpcLines(id: string, stack: SynthesizedStack): string[] {
  const vpc = values(resourcesOf(stack, 'aws_vpc'))[0];
  const subnets = values(resourcesOf(stack, 'aws_subnet'));
  const isPublic = (s: Readonly<Record<string, unknown>>): boolean => ((s.tags ?? {}) as Record<string, unknown>)['kubernetes.io/role/elb'] !== undefined;
  const publicCount = subnets.filter(isPublic).length;
  return [
    id,
    `VPC ${String(vpc?.cidr_block ?? '?')} · ${publicCount} public + ${subnets.length - publicCount} private subnets`,
    `${plural(countOf(stack, 'aws_nat_gateway'), 'NAT gateway')} · ${countOf(stack, 'aws_flow_log') > 0 ? 'flow logs' : 'no flow logs'}`,
  ];
}

function eksLines(id: string, stack: SynthesizedStack): string[] {
  const clusters = values(resourcesOf(stack, 'aws_eks_cluster')).map(c => `EKS ${String(c.name)} ${String(c.version)}`);
  const templates = resourcesOf(stack, 'aws_launch_template');
  const groups = values(resourcesOf(stack, 'aws_eks_node_group')).map(g => {
    const ref = String(block(g.launch_template)?.id ?? '');
    const template = templates[/aws_launch_template\.([^.]+)\./.exec(ref)?.[1] ?? ''];
    const type = Array.isArray(g.instance_types) ? String(g.instance_types[0]) : String(template?.instance_type ?? '?');
    return `nodes ${String(g.node_group_name ?? '')}: ${String(block(g.scaling_config)?.desired_size ?? '?')} x ${type}`;
  });
  const addons = values(resourcesOf(stack, 'aws_eks_addon')).map(a => String(a.addon_name)).sort();
  return [
    id,
    [...clusters, ...groups].join(' · '),
    `add-ons: ${addons.join(', ') || 'none'}`,
    `${plural(countOf(stack, 'aws_eks_access_entry'), 'access entry', 'access entries')} · ${plural(countOf(stack, 'aws_kms_key'), 'KMS key')}`,
  ];
}

/** `argo-cd 10.1.1` for a chart from a repository, `argocd-apps (local chart)` for one rendered by this project. */
function releaseName(release: Readonly<Record<string, unknown>>): string {
  const chart = String(release.chart);
  return chart.startsWith('assets/') ? `${String(release.name)} (local chart)` : `${chart} ${String(release.version)}`;
}

function addonsLines(id: string, stack: SynthesizedStack): string[] {
  const releases = values(resourcesOf(stack, 'helm_release')).map(releaseName).sort();
  const rows: string[] = [];
  for (let i = 0; i < releases.length; i += 3) rows.push(releases.slice(i, i + 3).join(' · '));
  return [id, ...(rows.length > 0 ? rows : ['no Helm releases']), `${plural(countOf(stack, 'aws_eks_pod_identity_association'), 'Pod Identity association')}`];
}

function ingressNginxVersion(stack: SynthesizedStack): string {
  const release = values(resourcesOf(stack, 'helm_release')).find(r => r.chart === 'ingress-nginx');
  return release ? `ingress-nginx ${String(release.version)}` : 'ingress-nginx';
}

/** The Mermaid source (without fences). */
export function architectureMermaid(environments: readonly EnvironmentConfig[], synthesized: SynthesizedPlatform): string {
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
  const first = environments[0];
  if (first) {
    const { http, https } = first.ingress.nodePorts;
    const tls = first.ingress.certificateArn ? 'HTTPS, HTTP redirects' : 'HTTP';
    out.push(
      `  subgraph traffic["Traffic in each cluster (ports of ${first.name})"]`,
      '    direction LR',
      '    t_internet(("Internet"))',
      `    t_alb${label(['ALB, internet-facing', `public subnets, ${tls}`])}`,
      `    t_nodeport${label([`NodePort ${http} / ${https}`, 'on the nodes, private subnets'])}`,
      `    t_nginx${label([ingressNginxVersion(synthesized.environments[first.name].addons), 'controller pods'])}`,
      '    t_service["Service"]',
      '    t_pod["Pod"]',
      '    t_internet --> t_alb --> t_nodeport --> t_nginx --> t_service --> t_pod',
      '  end',
    );
  }
  return out.join('\n');
}

