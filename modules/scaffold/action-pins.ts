/**
 * Every action the application workflow uses, pinned by commit SHA. The first three are the SHAs this project's own
 * workflows pin (a test keeps them equal); trivy-action is not used here, so its pin is the commit the upstream
 * tag points to: `git ls-remote https://github.com/aquasecurity/trivy-action refs/tags/v0.35.0`. v0.35.0 is the
 * release the maintainers named as not affected when the other tags were force-pushed in March 2026
 * (https://github.com/aquasecurity/trivy-action/releases/tag/v0.35.0): never move this pin to a tag.
 */
export const ACTION_PINS = {
  checkout: { action: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  setupNode: { action: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' },
  awsCredentials: {
    action: 'aws-actions/configure-aws-credentials',
    sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
    tag: 'v6.2.3',
  },
  trivy: { action: 'aquasecurity/trivy-action', sha: '57a97c7e7821a5776cebc9bb87c984fa69cba8f1', tag: 'v0.35.0' },
} as const;

export type PinnedAction = keyof typeof ACTION_PINS;

/** `owner/repo@<sha>`: the version comment is added when the workflow is written out. */
export function uses(action: PinnedAction): string {
  return `${ACTION_PINS[action].action}@${ACTION_PINS[action].sha}`;
}

/** Appends `# <tag>` to every `uses:` line that names a pinned SHA (YAML has no other place for the version). */
export function withVersionComments(yamlText: string): string {
  const tags = new Map<string, string>(Object.values(ACTION_PINS).map(p => [`${p.action}@${p.sha}`, p.tag]));
  return yamlText.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, _prefix: string, ref: string) => {
    const tag = tags.get(ref);
    if (tag === undefined) throw new Error(`action ${ref} is not pinned in ACTION_PINS`);
    return `${line} # ${tag}`;
  });
}
