import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { KubernetesObject, renderObject } from '../modules/addons/local-chart';
import { GATEWAY_NAME, GATEWAY_NAMESPACE, gatewayObjects } from '../modules/edge/gateway-objects';
import { clusterSecretStore, prefixStoreName } from '../modules/external-secrets/cluster-secret-store';
import { albIngress } from '../modules/ingress-nginx/alb-ingress';
import { ROOT, scriptSandbox } from './script-sandbox';

const SCRIPT = 'scripts/smoke.sh';
const ADDONS = {
  'vpc-cni': 'v1.22.4-eksbuild.3',
  coredns: 'v1.14.3-eksbuild.3',
  'metrics-server': 'v0.8.1-eksbuild.10',
};
const ALB = 'k8s-ingressn-myapp-0123456789.us-east-1.elb.amazonaws.com';
const GATEWAY_ALB = 'k8s-gatewaysy-edge-9876543210.us-east-1.elb.amazonaws.com';
// the stores dev's addons stack renders (modules/external-secrets/external-secrets.ts): dev's own admits its prefix
// namespace and the platform's, staging's only staging
const REGION = 'us-east-1';
const STORES = [
  clusterSecretStore({
    name: prefixStoreName('dev', true),
    region: REGION,
    namespaces: ['dev', 'argocd', 'monitoring'],
  }),
  clusterSecretStore({ name: prefixStoreName('staging', false), region: REGION, namespaces: ['staging'] }),
];
const INGRESS = albIngress({
  name: 'ingress-nginx-alb',
  namespace: 'ingress-nginx',
  serviceName: 'ingress-nginx-controller',
  securityGroupName: 'myapp-dev-alb',
});
const GATEWAY_EDGE = gatewayObjects({ appNamespaces: ['dev', 'staging'], securityGroup: '@@securityGroupId@@' });
/** Which edge the addons stack installs: ingress-nginx's ALB Ingress, the Gateway, or both (`keepIngressNginx`). */
type EdgeMode = 'ingress' | 'gateway' | 'ingress gateway';
const CHECKS = [
  'nodes-ready',
  'addon-vpc-cni',
  'addon-coredns',
  'addon-metrics-server',
  'karpenter-launch',
  'gp3-pvc',
  'karpenter-remove',
  'secret-store',
  'external-secret',
  'edge',
  'argocd-apps',
  'metrics',
];

/**
 * A healthy cluster behind stub kubectl, aws and curl. `BREAK` (comma list of check names) makes the stubs answer as
 * a cluster with that fault would; `EMPTY=1` makes every stub answer nothing (exit 0). The cluster holds what the
 * sandbox's addons stack installs: `EDGE` (its edge objects) and `STORE_NAMESPACES` (what the store's conditions
 * admit); `NO_ADDRESS` (ingress, gateway) leaves that edge object without a load balancer address.
 */
const KUBECTL =
  `
brk() { [[ ",\${BREAK:-}," == *",$1,"* ]]; }
has() { [[ " $2 " == *" $1 "* ]]; }
not_found() { echo "Error from server (NotFound): $1 not found" >&2; exit 1; }
if [[ "$*" == apply* ]]; then
  yaml=$(cat)
  printf '%s\\n' "$yaml" >> "$STUB_DIR/applied.yaml"
  # apply -n <namespace> -f -: remember where each ExternalSecret was created
  if [[ $yaml == *"kind: ExternalSecret"* ]]; then
    echo "$3 $(sed -n 's/^metadata: {name: \\(.*\\)}$/\\1/p' <<<"$yaml")" >> "$STUB_DIR/externalsecrets"
  fi
fi
[ -z "\${EMPTY:-}" ] || exit 0
case "$*" in
  "get nodes -o jsonpath={range"*) if brk nodes-ready; then printf 'sys-1 True\\nsys-2 Unknown\\n'; else printf ` +
  `'sys-1 True\\nsys-2 True\\n'; fi ;;
  "get nodes -o jsonpath={.items"*) echo "sys-1 sys-2" ;;
  "get pods -n smoke-"*) if brk karpenter-launch; then echo " Pending"; else echo "karp-1 Running"; fi ;;
  "get pvc smoke-gp3"*) if brk gp3-pvc; then echo Pending; else echo Bound; fi ;;
  "get node karp-1 -o name"*) if brk karpenter-remove; then echo node/karp-1; fi ;;
  "get clustersecretstore aws-secrets-manager"*) if brk secret-store; then echo False; else echo True; fi ;;
  "get externalsecret "*)
    # get externalsecret <name> -n <namespace>: External Secrets refuses a ClusterSecretStore to an ExternalSecret
    # in a namespace its spec.conditions do not admit ("using cluster store %q is not allowed from namespace %q:
    # denied by spec.condition", pkg/controllers/secretstore/client_manager.go), so that one never becomes Ready
    grep -qx "$5 $3" "$STUB_DIR/externalsecrets" 2>/dev/null || not_found "externalsecrets.external-secrets.io $3"
    if brk external-secret || ! has "$5" "$STORE_NAMESPACES"; then echo False; else echo True; fi ;;
  "get ingress -A"*) if has ingress "$EDGE"; then printf '\\n${ALB}\\n'; fi ;;
  "get ingress ${INGRESS.metadata.name} -n ${INGRESS.metadata.namespace} -o jsonpath={.status.loadBalancer.ingress[0]"*)
    has ingress "$EDGE" || not_found 'ingresses.networking.k8s.io "${INGRESS.metadata.name}"'
    has ingress "\${NO_ADDRESS:-}" || echo "${ALB}" ;;
  "get gateways.gateway.networking.k8s.io ${GATEWAY_NAME} -n ${GATEWAY_NAMESPACE} -o jsonpath={.status.addresses"*)
    has gateway "$EDGE" || not_found 'gateways.gateway.networking.k8s.io "${GATEWAY_NAME}"'
    has gateway "\${NO_ADDRESS:-}" || echo "${GATEWAY_ALB}" ;;
  "get applications.argoproj.io -n argocd"*)
    if brk argocd-apps; then printf 'myapp-dev Synced Healthy\\nmyapp-staging OutOfSync Healthy\\n'
    else printf 'myapp-dev Synced Healthy\\nmyapp-staging Synced Healthy\\n'; fi ;;
  "top nodes"*) if ! brk metrics; then echo "sys-1 120m 6% 1200Mi 35%"; else echo "error: Metrics API not ` +
  `available" >&2; exit 1; fi ;;
esac
`;
const AWS =
  `
brk() { [[ ",\${BREAK:-}," == *",$1,"* ]]; }
[ -z "\${EMPTY:-}" ] || exit 0
case "$*" in
  *"describe-addon "*"--addon-name vpc-cni "*) if brk addon-vpc-cni; then printf 'ACTIVE\\tv1.20.0-eksbuild.1\\n'; ` +
  `else printf 'ACTIVE\\t${ADDONS['vpc-cni']}\\n'; fi ;;
  *"describe-addon "*"--addon-name coredns "*) if brk addon-coredns; then printf 'DEGRADED\\t${ADDONS.coredns}\\n'; ` +
  `else printf 'ACTIVE\\t${ADDONS.coredns}\\n'; fi ;;
  *"describe-addon "*"--addon-name metrics-server "*) if brk addon-metrics-server; then echo "An error occurred ` +
  `(ResourceNotFoundException)" >&2; exit 254; fi
    printf 'ACTIVE\\t${ADDONS['metrics-server']}\\n' ;;
esac
`;
const CURL = `
[ -z "\${EMPTY:-}" ] || exit 0
if [[ ",\${BREAK:-}," == *",edge,"* ]]; then printf 404; else printf 301; fi
`;

/** A synthesized addons stack: one release per local chart, its objects rendered under files/ as LocalChart does. */
function writeAddonsStack(out: string, charts: Record<string, readonly KubernetesObject[]>) {
  const dir = join(out, 'stacks', 'dev-addons');
  const release: Record<string, Record<string, unknown>> = {
    karpenter: { name: 'karpenter', chart: 'karpenter', namespace: 'kube-system' }, // a remote chart: no files
  };
  for (const [name, objects] of Object.entries(charts)) {
    const chart = `assets/${name}-chart/0123456789ABCDEF`;
    release[name] = { name, chart, namespace: objects[0].metadata.namespace ?? 'kube-system' };
    mkdirSync(join(dir, chart, 'files'), { recursive: true });
    objects.forEach((o, i) => {
      const file = `${String(i).padStart(2, '0')}-${o.kind.toLowerCase()}.yaml`;
      writeFileSync(join(dir, chart, 'files', file), renderObject(o));
    });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ resource: { helm_release: release } }));
}

function sandbox(edge: EdgeMode = 'ingress') {
  const box = scriptSandbox({ prefix: 'smoke-test-' });
  box.stub('kubectl', KUBECTL);
  box.stub('aws', AWS);
  box.stub('curl', CURL);
  box.stub('npx');
  box.stack('dev-eks', {
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: {
      aws_eks_cluster: { cluster_1: { name: 'myapp-dev', version: '1.35' } },
      aws_eks_addon: Object.fromEntries(
        Object.entries(ADDONS).map(([name, v]) => [`a-${name}`, { addon_name: name, addon_version: v }]),
      ),
    },
  });
  writeAddonsStack(box.out, {
    'external-secrets-store': STORES,
    ...(edge.includes('ingress') ? { 'ingress-alb': [INGRESS] } : {}),
    ...(edge.includes('gateway') ? { 'gateway-edge': GATEWAY_EDGE } : {}),
  });
  // what the cluster holds is what the addons stack installs
  const namespaces = STORES[0].spec.conditions!.flatMap(c => c.namespaces).join(' ');
  Object.assign(box.env, { STUB_DIR: box.dir, SMOKE_POLL_SECONDS: '0', EDGE: edge, STORE_NAMESPACES: namespaces });
  const run = (env: Record<string, string> = {}, args = ['--skip-synth', '--timeout', '0', 'dev']) => {
    const r = box.run(SCRIPT, args, env);
    const failedLine = /FAILED \d+ check\(s\): (.*)$/m.exec(r.stderr)?.[1];
    return { ...r, failed: failedLine ? failedLine.split(' ') : [] };
  };
  const applied = () => readFileSync(join(box.dir, 'applied.yaml'), 'utf8');
  return { run, calls: box.calls, applied, dir: box.dir };
}

/**
 * One run of the default sandbox per environment (BREAK, ...), shared by the tests that only read its result: the
 * stubs answer a configuration the same way every time.
 */
type Sandbox = ReturnType<typeof sandbox>;
const sharedRuns = new Map<string, { box: Sandbox; r: ReturnType<Sandbox['run']> }>();
function sharedRun(env: Record<string, string> = {}) {
  const key = JSON.stringify(env);
  if (!sharedRuns.has(key)) {
    const box = sandbox();
    sharedRuns.set(key, { box, r: box.run(env) });
  }
  return sharedRuns.get(key)!;
}

describe('scripts/smoke.sh against stub kubectl, aws and curl', () => {
  test('is valid bash (bash -n) and executable', () => {
    expect(spawnSync('bash', ['-n', join(ROOT, SCRIPT)], { encoding: 'utf8' }).stderr).toBe('');
    expect(spawnSync('test', ['-x', join(ROOT, SCRIPT)]).status).toBe(0);
  });

  test('a healthy platform passes every check', () => {
    const { r } = sharedRun();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const check of CHECKS) expect(r.stdout).toMatch(new RegExp(`^  ok    ${check}\\b`, 'm'));
    expect(r.stdout).toContain(`==> dev: all ${CHECKS.length} checks passed`);
    expect(r.stdout).toContain(`edge (HTTP 301 from ${ALB})`);
  });

  test('checks the add-on versions of the synthesized eks stack, in its region', () => {
    const { box } = sharedRun();
    const described = box.calls().filter(c => c.startsWith('aws eks describe-addon '));
    expect(described).toEqual(
      Object.keys(ADDONS).map(
        name =>
          `aws eks describe-addon --cluster-name myapp-dev --addon-name ${name} --region us-east-1 --query ` +
          `[addon.status, addon.addonVersion] --output text`,
      ),
    );
    expect(box.calls()[0]).toMatch(/^aws eks update-kubeconfig --name myapp-dev --region us-east-1 --kubeconfig /);
  });

  const cases: Array<[string, string[]]> = [
    ['nodes-ready', ['nodes-ready']],
    ['addon-vpc-cni', ['addon-vpc-cni']],
    ['addon-coredns', ['addon-coredns']],
    ['addon-metrics-server', ['addon-metrics-server']],
    // no test node, so nothing to remove either
    ['karpenter-launch', ['karpenter-launch', 'karpenter-remove']],
    ['gp3-pvc', ['gp3-pvc']],
    ['karpenter-remove', ['karpenter-remove']],
    ['secret-store', ['secret-store']],
    ['external-secret', ['external-secret']],
    ['edge', ['edge']],
    ['argocd-apps', ['argocd-apps']],
    ['metrics', ['metrics']],
  ];
  test.each(cases)('a broken %s fails, named', (broken, expected) => {
    const { r } = sharedRun({ BREAK: broken });
    expect(r.status).toBe(1);
    expect(r.failed).toEqual(expected);
    expect(r.stdout).toMatch(new RegExp(`^  FAIL  ${broken}: \\S`, 'm'));
  });

  test('says what is wrong, not only which check', () => {
    const r = sandbox().run({ BREAK: 'nodes-ready,addon-coredns,addon-vpc-cni,argocd-apps,edge' });
    expect(r.stdout).toContain('FAIL  nodes-ready: not Ready: sys-2');
    expect(r.stdout).toContain(
      `FAIL  addon-coredns: expected ACTIVE ${ADDONS.coredns}, got 'DEGRADED\t${ADDONS.coredns}'`,
    );
    expect(r.stdout).toContain(
      `FAIL  addon-vpc-cni: expected ACTIVE ${ADDONS['vpc-cni']}, got 'ACTIVE\tv1.20.0-eksbuild.1'`,
    );
    expect(r.stdout).toContain('FAIL  argocd-apps: not Synced/Healthy: myapp-staging=OutOfSync/Healthy');
    expect(r.stdout).toContain(`FAIL  edge: http://${ALB}/ answered '404', expected 200 or a redirect`);
  });

  test('empty answers everywhere fail every check, never pass one', () => {
    const r = sandbox().run({ EMPTY: '1' });
    expect(r.status).toBe(1);
    expect([...r.failed].sort()).toEqual([...CHECKS].sort());
    expect(r.stdout).not.toMatch(/^ {2}ok/m);
  });

  test(
    'the test pod may only run on a new Karpenter node and consumes a gp3 PVC; its namespace is deleted on ' + 'exit',
    () => {
      for (const env of [{}, { BREAK: 'karpenter-remove' }] as Array<Record<string, string>>) {
        const { box } = sharedRun(env);
        const yaml = box.applied();
        expect(yaml).toContain(
          'matchExpressions: [{key: kubernetes.io/hostname, operator: NotIn, values: ["sys-1","sys-2"]}]',
        );
        expect(yaml).toContain('nodeSelector: {karpenter.sh/nodepool: default}');
        expect(yaml).toContain('storageClassName: gp3');
        expect(yaml).toContain('secretStoreRef: {kind: ClusterSecretStore, name: aws-secrets-manager}');
        expect(yaml).toContain('remoteRef: {key: dev/myapp/database}');
        const created = box
          .calls()
          .find(c => c.startsWith('kubectl create namespace smoke-'))!
          .split(' ')[3];
        expect(box.calls()).toContain(
          `kubectl delete namespace ${created} --ignore-not-found --wait=true --timeout=5m`,
        );
        expect(box.calls().at(-1)).toBe(
          `kubectl delete namespace ${created} --ignore-not-found --wait=true --timeout=5m`,
        );
      }
    },
  );

  const appliedEs = (box: ReturnType<typeof sandbox>) => box.applied().split('kind: ExternalSecret')[1];
  const esName = (box: ReturnType<typeof sandbox>) => /^metadata: \{name: (smoke-\d+)\}$/m.exec(appliedEs(box))![1];

  test('the test ExternalSecret lives in a namespace the store admits, under its own name, and goes on exit', () => {
    for (const env of [{}, { BREAK: 'external-secret' }] as Array<Record<string, string>>) {
      const { box } = sharedRun(env);
      const name = esName(box);
      const created = box
        .calls()
        .find(c => c.startsWith('kubectl create namespace smoke-'))!
        .split(' ')[3];
      expect(name).toBe(created); // unique per run, like the test namespace
      expect(box.calls()).toContain(`kubectl apply -n dev -f -`);
      const es = appliedEs(box);
      expect(es).toContain(`target: {name: ${name}}`);
      expect(es).toContain('secretStoreRef: {kind: ClusterSecretStore, name: aws-secrets-manager}');
      expect(es).toContain('remoteRef: {key: dev/myapp/database}');
      const deleteEs = `kubectl delete externalsecret ${name} -n dev --ignore-not-found --wait=true --timeout=2m`;
      expect(box.calls().filter(c => c === deleteEs)).toHaveLength(1);
      const lastGet = box
        .calls()
        .map(c => c.startsWith('kubectl get externalsecret'))
        .lastIndexOf(true);
      expect(box.calls().indexOf(deleteEs)).toBeGreaterThan(lastGet);
    }
  });

  test('an ExternalSecret the store does not admit never syncs: the stub models spec.conditions', () => {
    const r = sandbox().run({ STORE_NAMESPACES: 'argocd monitoring' });
    expect(r.failed).toEqual(['external-secret']);
    expect(r.stdout).toMatch(
      /FAIL {2}external-secret: ExternalSecret dev\/smoke-\d+ of dev\/myapp\/database \(store aws-secrets-manager\)/,
    );
  });

  test("gateway mode: the edge is the Gateway's ALB address; no address fails the edge check, named", () => {
    const box = sandbox('gateway');
    const ok = box.run();
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`ok    edge (HTTP 301 from ${GATEWAY_ALB})`);
    expect(box.calls()).toContain(`curl -s -o /dev/null -w %{http_code} --max-time 15 http://${GATEWAY_ALB}/`);
    expect(box.calls().filter(c => c.startsWith('kubectl get ingress'))).toEqual([]);
    const none = box.run({ NO_ADDRESS: 'gateway' });
    expect(none.status).toBe(1);
    expect(none.failed).toEqual(['edge']);
    expect(none.stdout).toContain(`FAIL  edge: no ALB address on the Gateway ${GATEWAY_NAMESPACE}/${GATEWAY_NAME}`);
    const refused = box.run({ BREAK: 'edge' });
    expect(refused.failed).toEqual(['edge']);
    expect(refused.stdout).toContain(
      `FAIL  edge: http://${GATEWAY_ALB}/ answered '404', expected 200 or a redirect (Gateway gateway-system/edge)`,
    );
  });

  test('ingress mode: an alb Ingress without a hostname fails the edge check, and no Gateway is asked for', () => {
    const box = sandbox('ingress');
    const r = box.run({ NO_ADDRESS: 'ingress' });
    expect(r.failed).toEqual(['edge']);
    expect(r.stdout).toContain('FAIL  edge: no ALB hostname on the Ingress ingress-nginx/ingress-nginx-alb');
    expect(box.calls().filter(c => c.startsWith('kubectl get gateways'))).toEqual([]);
  });

  test('moving over (keepIngressNginx): both ALBs must answer', () => {
    const box = sandbox('ingress gateway');
    const ok = box.run();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`ok    edge (HTTP 301 from ${ALB}; HTTP 301 from ${GATEWAY_ALB})`);
    for (const missing of ['gateway', 'ingress']) {
      const r = box.run({ NO_ADDRESS: missing });
      expect(r.failed).toEqual(['edge']);
      const what = missing === 'gateway' ? 'address on the Gateway' : 'hostname on the Ingress';
      expect(r.stdout).toContain(`FAIL  edge: no ALB ${what}`);
    }
  });

  test('fails before checking anything without an addons stack, or if its store admits no app namespace', () => {
    const box = sandbox();
    const out = join(box.dir, 'cdktf.out', 'stacks', 'dev-addons');
    const release = JSON.parse(readFileSync(join(out, 'cdk.tf.json'), 'utf8'));
    const chart = release.resource.helm_release['external-secrets-store'].chart;
    const platformOnly = clusterSecretStore({ name: 'aws-secrets-manager', region: REGION, namespaces: ['argocd'] });
    writeFileSync(join(out, chart, 'files', '00-clustersecretstore.yaml'), renderObject(platformOnly));
    const refused = box.run();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'ClusterSecretStore aws-secrets-manager admits no application namespace ' +
        '(admits argocd; secret prefixes dev, staging)',
    );
    rmSync(out, { recursive: true });
    const missing = box.run();
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${out}/cdk.tf.json does not exist: run npx cdktf synth first`);
    expect(box.calls().filter(c => !c.startsWith('npx'))).toEqual([]);
  });

  test('fails before checking anything without a synthesized eks stack or for an unknown environment', () => {
    const box = sandbox();
    const missing = box.run({ CDKTF_OUT: '/nonexistent' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      '/nonexistent/stacks/dev-eks/cdk.tf.json does not exist: run npx cdktf synth first',
    );
    const unknown = box.run({}, ['--skip-synth', 'staging']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown environment "staging"');
    expect(box.calls().filter(c => !c.startsWith('npx'))).toEqual([]);
  });

  test('--help prints the usage and runs nothing; an unknown option is a usage error', () => {
    const box = sandbox();
    const help = box.run({}, ['--help']);
    expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, 'usage: scripts/smoke.sh [options] <env>']);
    const bad = box.run({}, ['--bogus', 'dev']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown option --bogus');
    expect(box.calls()).toEqual([]);
  });
});
