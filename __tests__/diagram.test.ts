import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENTS, platform } from '../environments';
import { dev } from '../environments/dev';
import { US_EAST_1_PRICES } from '../modules/cost/prices';
import { synthesizeModel } from '../modules/analysis/platform-model';
import { architectureMermaid } from '../modules/diagram/architecture';
import {
  ARCHITECTURE_BLOCK,
  architectureDoc,
  COST_BLOCK,
  generatedDocs,
  replaceBlock,
} from '../modules/diagram/generated-docs';
import { realSynthesizedPlatform, TEST_DATE, withEnv } from './read-helpers';

const root = join(__dirname, '..');
const synthesized = realSynthesizedPlatform();
const mermaid = architectureMermaid(ENVIRONMENTS, synthesized);
const lines = mermaid.split('\n');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('architecture diagram', () => {
  test(
    'the committed docs/diagram.md and README blocks are what `npm run diagram` generates from the current ' + 'stacks',
    () => {
      // When this fails, the stacks changed: run `npm run diagram` and commit docs/diagram.md and README.md.
      const files = generatedDocs(readme, ENVIRONMENTS, synthesized, US_EAST_1_PRICES);
      expect(readFileSync(join(root, 'docs/diagram.md'), 'utf8')).toBe(files['docs/diagram.md']);
      expect(readme).toBe(files['README.md']);
    },
  );

  test('docs/diagram.md and the README embed the same diagram', () => {
    expect(architectureDoc(mermaid)).toContain(`\`\`\`mermaid\n${mermaid}\n\`\`\``);
    expect(readme).toContain(
      `${ARCHITECTURE_BLOCK.begin}\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n${ARCHITECTURE_BLOCK.end}`,
    );
  });

  test('the README cost block lists each environment, the Karpenter range and the total', () => {
    const block = readme.slice(readme.indexOf(COST_BLOCK.begin), readme.indexOf(COST_BLOCK.end));
    expect(block).toMatch(/^\| `dev` \| \$\d+\.\d\d \| 0 \.\. 20 vCPU: spot up to \$\d+\.\d\d \|$/m);
    expect(block).toMatch(
      /^\| `prod` \| \$\d+\.\d\d \| 0 \.\. 20 vCPU: spot up to \$[\d.]+, on-demand up to \$[\d.]+ \|$/m,
    );
    expect(block).toMatch(/^\| \*\*total\*\* \| \*\*\$\d+\.\d\d\*\* \| \|$/m);
  });

  test('shows every stack, in deploy order', () => {
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  s_state_backend --> s_shared');
    for (const env of ['dev', 'prod']) {
      expect(lines).toContain(`  s_shared --> s_${env}_vpc`);
      expect(lines).toContain(`    s_${env}_vpc --> s_${env}_eks --> s_${env}_addons`);
      expect(lines).toContain(`  subgraph env_s_${env}["${env}"]`);
    }
  });

  test('lists the main resources of each layer from the synthesized JSON', () => {
    expect(mermaid).toContain('S3 myapp-terraform-state-123456789012<br/>DynamoDB myapp-terraform-locks');
    expect(mermaid).toContain(
      's_dev_vpc["dev-vpc<br/>VPC 10.0.0.0/16 · 3 public + 3 private subnets<br/>1 NAT gateway · flow logs"]',
    );
    expect(mermaid).toMatch(
      /s_prod_eks\["prod-eks<br\/>EKS myapp-prod 1\.35 · nodes [^:]+: 2 x t3\.medium<br\/>add-ons: [^"]*coredns/,
    );
    expect(mermaid).toMatch(/s_dev_addons\["dev-addons<br\/>[^"]*argo-cd \d+\.\d+\.\d+/);
  });

  test(
    "shows each environment's traffic path: dev Internet -> ALB (HTTP) -> NodePort -> ingress-nginx -> Service " +
      '-> Pod',
    () => {
      expect(lines).toContain(
        '    t_dev_internet --> t_dev_alb --> t_dev_nodeport --> t_dev_nginx --> t_dev_service --> t_dev_pod',
      );
      expect(mermaid).toContain('t_dev_alb["ALB, internet-facing<br/>public subnets, HTTP only"]');
      expect(mermaid).toContain('t_dev_nodeport["NodePort 30080 / 30443<br/>');
      expect(mermaid).toMatch(/t_dev_nginx\["ingress-nginx 4\.15\.1[^"]*"\]/);
      expect(mermaid).not.toContain('t_dev_dns');
    },
  );

  test('prod (a domain): Internet -> Route 53 -> ALB with HTTPS -> ingress-nginx', () => {
    expect(lines).toContain(
      '    t_prod_internet --> t_prod_dns --> t_prod_alb --> t_prod_nodeport --> t_prod_nginx --> t_prod_service ' +
        '--> t_prod_pod',
    );
    expect(mermaid).toContain('t_prod_dns["Route 53 example.com<br/>external-dns: myapp.example.com"]');
    expect(mermaid).toContain('t_prod_alb["ALB, internet-facing<br/>public subnets, HTTPS (ACM), HTTP redirects"]');
  });

  test("the Gateway API edge: Internet -> Route 53 -> the Gateway's ALB -> pod IPs, no ingress-nginx", () => {
    const gw = withEnv(dev, e => {
      e.ingress.controller = 'gateway-api';
      e.ingress.domain = { zoneName: 'example.org', hostnames: ['dev.example.org'] };
    });
    const other = architectureMermaid([gw], synthesizeModel(platform, [gw], { today: TEST_DATE }));
    expect(other.split('\n')).toContain(
      '    t_dev_internet --> t_dev_dns --> t_dev_gwalb --> t_dev_gateway --> t_dev_pod',
    );
    expect(other).toContain(
      't_dev_gwalb["ALB of the Gateway, internet-facing<br/>public subnets, HTTPS (ACM), HTTP redirects"]',
    );
    expect(other).toContain('t_dev_gateway["Gateway API (load balancer controller)<br/>routes from dev, staging"]');
    expect(other).not.toContain('ingress-nginx');
  });

  test('follows the stacks: a NAT gateway per zone shows three', () => {
    const perAz = withEnv(dev, e => {
      e.network.natGateways = 'per-az';
    });
    const other = architectureMermaid([perAz], synthesizeModel(platform, [perAz], { today: TEST_DATE }));
    expect(other).toContain('3 NAT gateways · flow logs');
    expect(other).not.toContain('prod');
  });

  test('labels never contain a double quote (the one character a Mermaid label cannot hold)', () => {
    for (const line of lines.filter(l => l.includes('["'))) expect(line).toMatch(/\["[^"]*"\]/);
  });

  test('fails when the README lost its markers', () => {
    expect(() => replaceBlock('# no block', ARCHITECTURE_BLOCK, mermaid)).toThrow(
      `README.md has no generated architecture block: expected "${ARCHITECTURE_BLOCK.begin}" followed by ` +
        `"${ARCHITECTURE_BLOCK.end}"`,
    );
    expect(() => replaceBlock(`${COST_BLOCK.end}\n${COST_BLOCK.begin}`, COST_BLOCK, '')).toThrow(
      'README.md has no generated cost block',
    );
  });

  test('replacing a block keeps the text around it and is idempotent', () => {
    const text = `before\n${COST_BLOCK.begin}\nold\n${COST_BLOCK.end}\nafter`;
    const once = replaceBlock(text, COST_BLOCK, 'new');
    expect(once).toBe(`before\n${COST_BLOCK.begin}\nnew\n${COST_BLOCK.end}\nafter`);
    expect(replaceBlock(once, COST_BLOCK, 'new')).toBe(once);
  });

  test('`npm run diagram -- --check` agrees that the committed copies are current', () => {
    expect(
      execFileSync('npm', ['run', '--silent', 'diagram', '--', '--check'], { cwd: root, encoding: 'utf8' }),
    ).toContain('up to date');
  });
});

describe('npm run diagram with a family the price table cannot price', () => {
  test('generates the docs and names the missing price in the cost block instead of crashing', () => {
    const envs = ENVIRONMENTS.map(e =>
      e.name === 'prod'
        ? withEnv(e, x => {
            x.karpenter.instanceFamilies = ['m5', 'z1d'];
          })
        : e,
    );
    const files = generatedDocs(readme, envs, synthesizeModel(platform, envs, { today: TEST_DATE }), US_EAST_1_PRICES);
    expect(files['README.md']).toMatch(/\| `prod` \| \$[\d.]+ \| 0 \.\. 20 vCPU: .* \(no price for z1d\) \|/);
  });
});
