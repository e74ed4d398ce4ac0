import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdktf';
import { ENVIRONMENTS, platform } from '../environments';
import { dev } from '../environments/dev';
import { KUBERNETES_VERSIONS } from '../environments/kubernetes-versions';
import { prod } from '../environments/prod';
import { ADDON_VERSIONS, MANAGED_ADDON_NAMES } from '../modules/cluster/addon-versions';
import { ARGO_CD_CHART } from '../modules/argocd/argocd';
import { AddonsStack } from '../modules/stacks/addons-stack';
import { INGRESS_NGINX_CHART } from '../modules/ingress-nginx/ingress-nginx';
import type { ChartCompatibility } from '../modules/upgrade/compatibility';
import { planUpgrade, UpgradePlan, UpgradeRefusal } from '../modules/upgrade/planner';
import { renderUpgradePlan } from '../modules/upgrade/render';
import { PROJECT_TABLES, UpgradeTables } from '../modules/upgrade/tables';
import type { EnvironmentConfig } from '../environments/types';
import { realStack, resources, SynthesizedStack, synth, TEST_DATE, withEnv } from './helpers';

const ROOT = join(__dirname, '..');
const plan = (env = dev, to = '1.36', tables: UpgradeTables = PROJECT_TABLES): UpgradePlan =>
  planUpgrade(env, to, tables, TEST_DATE);
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UpgradeRefusal);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};
const minor = (v: string): number => Number(v.split('.')[1]);

describe('npm run upgrade: dev 1.35 -> 1.36', () => {
  const p = plan();

  test('lists every step, in the order they are done', () => {
    expect(p.steps.map(s => s.id)).toEqual([
      'charts',
      'environment-file',
      'control-plane',
      'managed-addons',
      'system-node-group',
      'karpenter-nodes',
      'verify',
    ]);
    expect(p).toMatchObject({
      environment: 'dev',
      cluster: 'myapp-dev',
      from: '1.35',
      to: '1.36',
      endOfStandardSupport: '2027-08-02',
    });
  });

  test('moves every managed add-on from the 1.35 row to the 1.36 row of addon-versions.ts', () => {
    expect(p.addons.map(a => a.name)).toEqual([...MANAGED_ADDON_NAMES]);
    for (const a of p.addons)
      expect(a).toEqual({ name: a.name, from: ADDON_VERSIONS['1.35'][a.name], to: ADDON_VERSIONS['1.36'][a.name] });
    const lines = p.steps.find(s => s.id === 'managed-addons')!.lines;
    expect(lines).toContain(
      `kube-proxy: ${ADDON_VERSIONS['1.35']['kube-proxy']} -> ${ADDON_VERSIONS['1.36']['kube-proxy']}`,
    );
  });

  test(
    'the control plane goes one minor, through the eks stack, with the 7-day rollback and what it does not ' + 'cover',
    () => {
      const step = p.steps.find(s => s.id === 'control-plane')!;
      expect(step.commands).toEqual(['scripts/deploy.sh dev-eks --plan', 'scripts/deploy.sh dev-eks']);
      expect(step.lines.join('\n')).toMatch(
        /roll the control plane back to 1\.35 within 7 days of the upgrade; add-ons, etcd data and node groups are not/,
      );
    },
  );

  test("the system node group follows the version on AL2023, and Karpenter drifts to the alias's 1.36 AMI", () => {
    expect(p.systemNodeGroup).toEqual({ amiType: 'AL2023_x86_64_STANDARD', from: '1.35', to: '1.36' });
    expect(p.karpenter).toEqual({ alias: 'al2023@v20260714', release: 'v20260714', coversTarget: true });
    expect(p.steps.find(s => s.id === 'karpenter-nodes')!.lines.join('\n')).toMatch(
      /Drifted.*at most 10% of the nodes at a time/,
    );
  });

  test(
    'flags the charts whose range excludes 1.36 (Argo CD 3.4 and ingress-nginx 1.15 are tested up to 1.35), to ' +
      'move before the control plane',
    () => {
      expect(p.charts.map(c => [c.component, c.status])).toEqual([
        ['Karpenter', 'ok'],
        ['Karpenter CRDs', 'ok'],
        ['AWS Load Balancer Controller', 'ok'],
        ['ingress-nginx', 'outside'],
        ['External Secrets', 'ok'],
        ['Argo CD', 'outside'],
        ['Prometheus Operator CRDs', 'ok'],
        ['kube-prometheus-stack', 'unknown'],
        ['Loki', 'unknown'],
        ['Alloy', 'unknown'],
      ]);
      const step = p.steps.find(s => s.id === 'charts')!;
      expect(step.commands).toEqual(['scripts/deploy.sh dev-addons --plan', 'scripts/deploy.sh dev-addons']);
      expect(p.edits).toEqual([
        expect.objectContaining({
          file: 'modules/ingress-nginx/ingress-nginx.ts',
          field: 'INGRESS_NGINX_CHART.version',
          from: INGRESS_NGINX_CHART.version,
        }),
        expect.objectContaining({
          file: 'modules/argocd/argocd.ts',
          field: 'ARGO_CD_CHART.version',
          from: ARGO_CD_CHART.version,
        }),
        { file: 'environments/dev.ts', field: 'cluster.kubernetesVersion', from: '1.35', to: '1.36' },
      ]);
      // ingress-nginx 1.15.1 is its project's final release: the line says where to go instead
      expect(step.lines.find(l => l.startsWith('ingress-nginx:'))).toContain(
        "move the edge to ingress.controller 'gateway-api'",
      );
    },
  );

  test('the text output numbers the steps and says it calls no AWS API', () => {
    const text = renderUpgradePlan(p);
    expect(text.split('\n')[0]).toBe('Upgrade plan: dev (cluster myapp-dev), Kubernetes 1.35 -> 1.36');
    p.steps.forEach((s, i) => expect(text).toContain(`\n${i + 1}. ${s.title}\n`));
    expect(text).toContain('calls no AWS API');
    expect(text).toContain('$ scripts/smoke.sh dev');
  });
});

describe('the order of environments', () => {
  test("prod's plan says when dev, deployed first, is not on the target yet", () => {
    expect(planUpgrade(prod, '1.36', PROJECT_TABLES, TEST_DATE, [dev, prod]).notes).toContain(
      'dev still runs 1.35: upgrade it to 1.36 and run its smoke test first.',
    );
    const devDone = withEnv(dev, e => {
      e.cluster.kubernetesVersion = '1.36';
    });
    expect(planUpgrade(prod, '1.36', PROJECT_TABLES, TEST_DATE, [devDone, prod]).notes.join('\n')).not.toContain(
      'still runs',
    );
    expect(planUpgrade(dev, '1.36', PROJECT_TABLES, TEST_DATE, [dev, prod]).notes.join('\n')).not.toContain(
      'still runs',
    );
  });
});

describe('what the tables change', () => {
  test('an alias whose release has no AMI for the target becomes an edit and a step line', () => {
    const tables = { ...PROJECT_TABLES, karpenterAmiAlias: 'al2023@v20250101' };
    const p = plan(dev, '1.36', tables);
    expect(p.karpenter.coversTarget).toBe(false);
    expect(p.edits.map(e => e.field)).toContain('AL2023_AMI_ALIAS');
    expect(p.steps.find(s => s.id === 'karpenter-nodes')!.lines[0]).toContain('has no AMIs for 1.36');
  });

  test('a pinned chart with no compatibility row is reported unknown, never assumed compatible', () => {
    const tables = {
      ...PROJECT_TABLES,
      charts: PROJECT_TABLES.charts.map(c => (c.chart === 'karpenter' ? { ...c, version: '9.9.9' } : c)),
    };
    const karpenter = plan(dev, '1.36', tables).charts[0];
    expect(karpenter.status).toBe('unknown');
  });

  test('when every chart covers the target there is nothing to apply before the control plane', () => {
    const covered = (c: { chart: string; version: string }): ChartCompatibility => ({
      component: c.chart,
      chart: c.chart,
      version: c.version,
      appVersion: c.version,
      kubernetes: { min: '1.30', max: '1.36' },
      source: 'test',
      checked: '2026-12-01',
    });
    const tables = { ...PROJECT_TABLES, chartCompatibility: PROJECT_TABLES.charts.map(covered) };
    const step = plan(dev, '1.36', tables).steps[0];
    expect(step.commands).toEqual([]);
    expect(step.lines.at(-1)).toBe('Every chart covers 1.36: nothing to apply before the control plane.');
  });
});

/** The remote charts (`repository` set) of a synthesized addons stack, as `chart@version`, sorted. */
const remoteCharts = (stack: SynthesizedStack): string[] =>
  Object.values(resources(stack, 'helm_release'))
    .filter(r => r.repository !== undefined)
    .map(r => `${String(r.chart)}@${String(r.version)}`)
    .sort();
const plannedCharts = (p: UpgradePlan): string[] => p.charts.map(c => `${c.chart}@${c.version}`).sort();
const synthAddons = (env: EnvironmentConfig): SynthesizedStack =>
  synth(new AddonsStack(Testing.app(), { platform, env }));

describe("the charts the plan checks are the remote charts of the environment's addons stack", () => {
  test.each(ENVIRONMENTS.map(e => [e.name, e] as const))(
    '%s: every remote helm_release of the synthesized stack, each pin found',
    (name, env) => {
      const p = plan(env);
      const synthesized = remoteCharts(realStack(`${name}-addons`));
      expect(synthesized.length).toBeGreaterThan(4);
      expect(plannedCharts(p)).toEqual(synthesized);
      // each one is named by its constant, so the edit points at a file that pins it
      for (const c of p.charts)
        expect([c.chart, c.pinnedIn.field]).toEqual([c.chart, expect.stringMatching(/^[A-Z_]+_CHART\.version$/)]);
    },
  );

  const gateway = withEnv(dev, e => {
    e.ingress.controller = 'gateway-api';
  });
  const withDomain = withEnv(dev, e => {
    e.ingress.domain = { zoneName: 'example.org', hostnames: ['dev.example.org'] };
  });
  const noObservability = withEnv(dev, e => {
    e.observability.enabled = false;
  });
  test.each([
    ['gateway mode: no ingress-nginx', gateway, [], ['ingress-nginx']],
    ['a domain: external-dns', withDomain, ['external-dns'], []],
    [
      'observability disabled: none of its four charts',
      noObservability,
      [],
      ['kube-prometheus-stack', 'prometheus-operator-crds', 'loki', 'alloy'],
    ],
  ] as const)('%s', (_, env, present, absent) => {
    const p = plan(env);
    expect(plannedCharts(p)).toEqual(remoteCharts(synthAddons(env)));
    const charts = p.charts.map(c => c.chart);
    for (const chart of present) expect(charts).toContain(chart);
    for (const chart of absent) expect(charts).not.toContain(chart);
  });
});

describe('a chart whose Kubernetes range has no upper bound is unknown, never compatible', () => {
  test(
    "prod's external-dns 1.21.1 (Kubernetes >= 1.21, no tested maximum): unknown, and the plan says to " + 'check',
    () => {
      const p = planUpgrade(prod, '1.36', PROJECT_TABLES, TEST_DATE, [dev, prod]);
      const externalDns = p.charts.find(c => c.chart === 'external-dns')!;
      expect(externalDns).toMatchObject({ status: 'unknown', kubernetes: { min: '1.21' } });
      const lines = p.steps[0].lines;
      expect(lines).toContain(
        'external-dns: chart external-dns 1.21.1 supports 1.21 and later, no upper bound: unknown: check the release ' +
          'notes for 1.36 ' +
          `(${externalDns.source})`,
      );
      expect(lines.at(-1)).toMatch(
        /^Not known to support 1\.36: external-dns, .*read their release notes before the control plane/,
      );
      expect(lines.join('\n')).not.toContain('Every chart covers');
    },
  );

  test('the rule over every minor: ok only inside a stated [min, max]; no max is never ok', () => {
    // model: a project vouches for a minor only within the range it states (Helm's kubeVersion is a minimum only)
    const rows: ChartCompatibility[] = [
      {
        component: 'x',
        chart: 'x',
        version: '1.0.0',
        appVersion: '1',
        kubernetes: { min: '1.33' },
        source: 's',
        checked: '2026-12-01',
      },
      {
        component: 'y',
        chart: 'y',
        version: '1.0.0',
        appVersion: '1',
        kubernetes: { min: '1.33', max: '1.35' },
        source: 's',
        checked: '2026-12-01',
      },
      {
        component: 'z',
        chart: 'z',
        version: '1.0.0',
        appVersion: '1',
        kubernetes: {},
        source: 's',
        checked: '2026-12-01',
      },
    ];
    const pins = rows.map(r => ({
      component: r.component,
      chart: r.chart,
      version: r.version,
      pinnedIn: { file: 'f', field: 'F' },
    }));
    // every target from 1.31 to 1.38: below, inside and above the ranges
    const minors = Array.from({ length: 9 }, (_, i) => `1.${30 + i}`);
    const tables: UpgradeTables = {
      ...PROJECT_TABLES,
      kubernetesVersions: minors.map(version => ({
        version,
        endOfStandardSupport: '2099-01-01',
        endOfExtendedSupport: '2099-06-01',
      })),
      addonVersions: Object.fromEntries(minors.map(v => [v, ADDON_VERSIONS['1.36']])),
      charts: pins,
      chartCompatibility: rows,
      installedCharts: () => pins.map(c => ({ ...c, release: c.chart, repository: 'https://r' })),
    };
    for (const from of minors.slice(0, -1)) {
      const to = `1.${minor(from) + 1}`;
      const env = withEnv(dev, e => {
        e.cluster.kubernetesVersion = from;
      });
      const status = Object.fromEntries(plan(env, to, tables).charts.map(c => [c.chart, c.status]));
      const expected = (r: ChartCompatibility) => {
        const { min, max } = r.kubernetes;
        if (min !== undefined && minor(to) < minor(min)) return 'outside';
        if (max === undefined) return 'unknown';
        return minor(to) <= minor(max) ? 'ok' : 'outside';
      };
      expect([to, status]).toEqual([to, Object.fromEntries(rows.map(r => [r.chart, expected(r)]))]);
    }
  });

  test(
    'a remote chart the stack installs but the tables do not describe is listed as unknown, with where to add ' + 'it',
    () => {
      const installed = PROJECT_TABLES.installedCharts(dev);
      const tables = {
        ...PROJECT_TABLES,
        installedCharts: () => [
          ...installed,
          {
            release: 'cert-manager',
            repository: 'https://charts.jetstack.io',
            chart: 'cert-manager',
            version: 'v1.19.0',
          },
        ],
      };
      const p = plan(dev, '1.36', tables);
      expect(p.charts.at(-1)).toMatchObject({ chart: 'cert-manager', version: 'v1.19.0', status: 'unknown' });
      expect(p.steps[0].lines).toContain(
        'cert-manager: chart cert-manager v1.19.0: unknown: check the release notes for 1.36, then add its row to ' +
          'modules/upgrade/compatibility.ts (modules/upgrade/tables.ts charts (no entry for cert-manager))',
      );
      expect(p.steps[0].lines.at(-1)).toContain('cert-manager');
    },
  );
});

describe('refusals', () => {
  const at136 = withEnv(dev, e => {
    e.cluster.kubernetesVersion = '1.36';
  });

  test('1.37: no EKS data and no add-on row', () => {
    expect(refusal(() => plan(at136, '1.37'))).toBe(
      `1.37 has no row in environments/kubernetes-versions.ts (known: ` +
        `${KUBERNETES_VERSIONS.map(v => v.version).join(', ')}): ` +
        'its EKS support dates are not recorded; add them first',
    );
    const withDates = {
      ...PROJECT_TABLES,
      kubernetesVersions: [
        ...KUBERNETES_VERSIONS,
        { version: '1.37', endOfStandardSupport: '2027-12-01', endOfExtendedSupport: '2028-12-01' },
      ],
    };
    expect(refusal(() => plan(at136, '1.37', withDates))).toBe(
      `1.37 has no managed add-on versions in modules/cluster/addon-versions.ts (pinned: ` +
        `${Object.keys(ADDON_VERSIONS).join(', ')}); ` +
        'add a row first (aws eks describe-addon-versions --kubernetes-version 1.37)',
    );
  });

  test('a skip of two minors', () => {
    expect(refusal(() => plan(prod, '1.37'))).toBe(
      'prod (cluster myapp-prod) runs 1.35: 1.37 skips 1.36; EKS upgrades one minor at a time: run --to 1.36 first',
    );
    expect(refusal(() => plan(prod, '1.38'))).toContain('1.38 skips 1.36, 1.37;');
  });

  test('a downgrade, the same version, and a value that is not a minor', () => {
    expect(refusal(() => plan(dev, '1.34'))).toBe(
      'dev (cluster myapp-dev) runs 1.35: 1.34 is a downgrade; EKS only upgrades (a control-plane upgrade can be ' +
        'rolled back within 7 days of it, nothing older)',
    );
    expect(refusal(() => plan(dev, '1.35'))).toBe(
      'dev (cluster myapp-dev) runs 1.35: it is already on 1.35, nothing to upgrade',
    );
    expect(refusal(() => plan(dev, '1.36.1'))).toBe('--to must be a Kubernetes minor such as 1.36, got "1.36.1"');
  });

  test(
    "EKS's rule over the whole table: only the next minor is planned (UpdateClusterVersion: one minor at a " + 'time)',
    () => {
      // model: EKS accepts an update to current+1 only (docs.aws.amazon.com/eks/latest/userguide/update-cluster.html)
      const known = Object.keys(ADDON_VERSIONS);
      for (const from of known) {
        for (const to of KUBERNETES_VERSIONS.map(v => v.version)) {
          const env = withEnv(dev, e => {
            e.cluster.kubernetesVersion = from;
          });
          const eksAccepts = minor(to) === minor(from) + 1;
          const planned = (() => {
            try {
              plan(env, to);
              return true;
            } catch {
              return false;
            }
          })();
          const hasRows = known.includes(to);
          expect([from, to, planned]).toEqual([from, to, eksAccepts && hasRows]);
        }
      }
    },
  );
});

describe('scripts/upgrade.ts', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--disable-warning=DEP0044', 'scripts/launch.mjs', 'scripts/upgrade.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  test('--json prints the plan for machines', () => {
    const r = run('dev', '--to', '1.36', '--json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as UpgradePlan;
    expect(json.steps.map(s => s.id)).toEqual(plan().steps.map(s => s.id));
    expect(json.addons).toEqual(plan().addons);
  });

  test('a refusal is one line on stderr, exit 1, no stack trace', () => {
    const r = run('dev', '--to', '1.34');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^upgrade: refused: dev \(cluster myapp-dev\) runs 1\.35: 1\.34 is a downgrade/),
    ]);
    const unknown = run('staging', '--to', '1.36');
    expect([unknown.status, unknown.stderr]).toEqual([
      1,
      'upgrade: refused: unknown environment "staging" (environments: dev, prod)\n',
    ]);
  });

  test('bad arguments print the usage and exit 2', () => {
    const r = run('dev');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: npm run upgrade -- <env> --to <minor> [--json]');
  });
});

describe('docs/DEPLOYMENT.md "Upgrading Kubernetes"', () => {
  const doc = readFileSync(join(ROOT, 'docs/DEPLOYMENT.md'), 'utf8');
  const section = doc.slice(
    doc.indexOf('## Upgrading Kubernetes'),
    doc.indexOf('\n## ', doc.indexOf('## Upgrading Kubernetes') + 3),
  );

  test(
    "shows exactly the planner's steps for dev 1.35 -> 1.36 (regenerate: npm run --silent upgrade -- dev --to " +
      '1.36)',
    () => {
      const block = /<!-- upgrade-plan:begin dev 1\.36 -->\n```text\n([\s\S]*?)\n```\n<!-- upgrade-plan:end -->/.exec(
        section,
      )?.[1];
      expect(block).toBe(renderUpgradePlan(plan()));
      plan().steps.forEach((s, i) => expect(block).toContain(`${i + 1}. ${s.title}`));
    },
  );

  test('runs the smoke test after the first deployment and after an upgrade', () => {
    expect(section).toContain('scripts/smoke.sh dev');
    const firstDeployment = doc.slice(doc.indexOf('## 4. Each environment'), doc.indexOf('## Smoke test'));
    expect(firstDeployment).toContain('`scripts/smoke.sh dev`');
  });
});
