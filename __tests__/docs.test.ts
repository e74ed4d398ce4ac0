import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { ALL_STACK_IDS, ENV_NAMES } from './read-helpers';

const root = join(__dirname, '..');
const DOCS = ['docs/DEPLOYMENT.md', 'docs/TROUBLESHOOTING.md', 'docs/ARGOCD-SETUP.md', 'docs/ARCHITECTURE.md'];
const CHECKED = [...DOCS, 'docs/diagram.md', 'README.md'];
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const npmScripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

/** Stack, environment or placeholder (`<env>`) arguments the scripts and `cdktf deploy` accept. */
const isTarget = (arg: string, allowed: readonly string[]): boolean => /^<[^>]+>$/.test(arg) || allowed.includes(arg);

/**
 * Every command a document shows that the project must provide: `npm run X` (a package.json script), `scripts/...`
 * (a file), `scripts/deploy.sh <target>`, `scripts/destroy.sh <env>` and `cdktf deploy <stack>` (real names).
 */
function commandProblems(text: string, scripts: readonly string[], exists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/npm run(?: --silent| -s)? ([a-z][\w:-]*)/g)) {
    if (!scripts.includes(m[1])) problems.push(`npm run ${m[1]}: no such script in package.json`);
  }
  for (const m of text.matchAll(/(?<![\w/.-])(?:\.\/)?(scripts\/[\w./-]*\w)/g)) {
    if (!exists(m[1])) problems.push(`${m[1]}: no such file`);
  }
  for (const m of text.matchAll(/scripts\/deploy\.sh (?!-)([^\s`]+)/g)) {
    if (!isTarget(m[1], ['all', ...ENV_NAMES, ...ALL_STACK_IDS]))
      problems.push(`scripts/deploy.sh ${m[1]}: not all, an environment or a stack`);
  }
  for (const m of text.matchAll(/scripts\/destroy\.sh ([^\s`]+)/g)) {
    if (!isTarget(m[1], ENV_NAMES)) problems.push(`scripts/destroy.sh ${m[1]}: not an environment`);
  }
  for (const m of text.matchAll(/cdktf deploy ((?:[a-z<][\w<>-]*[ \t]?)+)/g)) {
    for (const id of m[1].trim().split(/[ \t]+/))
      if (!isTarget(id, ALL_STACK_IDS)) problems.push(`cdktf deploy ${id}: no such stack`);
  }
  return [...new Set(problems)];
}

/** Project paths a document names in backticks (`modules/app.ts`, `modules/policies/`) that do not exist. */
function missingPaths(text: string, exists: (path: string) => boolean): string[] {
  const named = [...text.matchAll(/`((?:modules|environments|backend|scripts|mutation|__tests__)\/[\w./-]*)`/g)].map(
    m => m[1],
  );
  return [...new Set(named)]
    .filter(path => !path.includes('<') && !exists(path))
    .map(path => `${path}: no such file or folder`);
}

/** Relative Markdown links that do not resolve to a file. */
function brokenLinks(path: string, text: string): string[] {
  return [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map(m => m[1])
    .filter(target => !/^[a-z]+:/.test(target))
    .filter(target => !existsSync(resolve(dirname(join(root, path)), target)))
    .map(target => `${path}: link to ${target} does not resolve`);
}

describe('operator documents', () => {
  test.each(DOCS)('%s exists and the README links to it', doc => {
    expect(existsSync(join(root, doc))).toBe(true);
    expect(read('README.md')).toContain(`](${doc})`);
  });

  test.each(CHECKED)('%s: every npm script, script file and stack it shows exists', doc => {
    expect(commandProblems(read(doc), npmScripts, p => existsSync(join(root, p)))).toEqual([]);
  });

  test('ARCHITECTURE: every file and folder it names exists (the page follows the code)', () => {
    const text = read('docs/ARCHITECTURE.md');
    expect(missingPaths(text, p => existsSync(join(root, p)))).toEqual([]);
    expect(text.match(/`modules\/[\w./-]+`/g)?.length).toBeGreaterThanOrEqual(10);
  });

  test.each(CHECKED)('%s: every relative link resolves', doc => {
    expect(brokenLinks(doc, read(doc))).toEqual([]);
  });

  test('the documents really show commands (the checks above are not vacuous)', () => {
    const all = DOCS.map(read).join('\n');
    expect(all.match(/npm run \w+/g)?.length).toBeGreaterThanOrEqual(4);
    expect(all).toContain('scripts/deploy.sh all');
    expect(all).toContain('scripts/destroy.sh dev');
    expect(all).toContain('npx cdktf deploy dev-addons');
  });

  const headings = (doc: string): string =>
    read(doc)
      .split('\n')
      .filter(l => l.startsWith('#'))
      .join('\n');

  test('DEPLOYMENT covers the first deployment from nothing, upgrades and a new environment', () => {
    const h = headings('docs/DEPLOYMENT.md');
    for (const topic of [
      /state backend/i,
      /Migrating its state into S3/,
      /Shared/,
      /Each environment/,
      /Upgrades/,
      /A new environment/,
    ])
      expect(h).toMatch(topic);
    expect(read('docs/DEPLOYMENT.md')).toContain('terraform init -migrate-state');
  });

  test('TROUBLESHOOTING covers every known failure mode', () => {
    const h = headings('docs/TROUBLESHOOTING.md');
    for (const topic of [
      /Access entries/,
      /Webhook timeouts/,
      /CRDs/,
      /stuck in `Terminating`/,
      /Destroy order/,
      /State locks/,
      /Karpenter does not launch nodes/,
      /External Secrets/,
    ]) {
      expect(h).toMatch(topic);
    }
  });

  test('ARGOCD-SETUP covers repository credentials, projects, ApplicationSets and promotion by manual sync', () => {
    const h = headings('docs/ARGOCD-SETUP.md');
    for (const topic of [
      /Repository credentials/,
      /Projects/,
      /ApplicationSets/,
      /Promoting to production \(manual sync\)/,
    ])
      expect(h).toMatch(topic);
  });
});

describe('command check (on hand-made text)', () => {
  const exists = (p: string): boolean => p === 'scripts/deploy.sh';

  test('accepts real commands and placeholders', () => {
    const text =
      'npm run --silent cost\n`scripts/deploy.sh <env> --plan` and ./scripts/deploy.sh dev-eks\nnpx cdktf deploy ' +
      'dev-vpc dev-eks';
    expect(commandProblems(text, ['cost'], exists)).toEqual([]);
  });

  test('fails on an npm script that does not exist', () => {
    expect(commandProblems('run `npm run lint` first', ['cost'], exists)).toEqual([
      'npm run lint: no such script in package.json',
    ]);
  });

  test('fails on a script file that does not exist', () => {
    expect(commandProblems('then ./scripts/bootstrap.sh', [], exists)).toEqual(['scripts/bootstrap.sh: no such file']);
  });

  test('fails on a stack or environment name that does not exist', () => {
    expect(
      commandProblems('npx cdktf deploy dev-network\nscripts/deploy.sh staging\nscripts/destroy.sh dev-eks', [], p =>
        p.startsWith('scripts/'),
      ),
    ).toEqual([
      'scripts/deploy.sh staging: not all, an environment or a stack',
      'scripts/destroy.sh dev-eks: not an environment',
      'cdktf deploy dev-network: no such stack',
    ]);
  });

  test('fails on a named project path that does not exist, not on placeholders or prose', () => {
    const text = '`modules/app.ts`, `modules/gone.ts`, `modules/<area>/`, a module/x';
    expect(missingPaths(text, p => p === 'modules/app.ts')).toEqual(['modules/gone.ts: no such file or folder']);
  });

  test('fails on a broken relative link', () => {
    expect(brokenLinks('docs/X.md', 'see [there](NOPE.md) and [web](https://example.com)')).toEqual([
      'docs/X.md: link to NOPE.md does not resolve',
    ]);
  });
});
