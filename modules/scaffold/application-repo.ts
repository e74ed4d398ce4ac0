import { BLOCKING_SEVERITIES, HELM_CHARTS_TOKEN_SECRET, TRIVY_IGNORE_FILE } from './workflow';

/**
 * The rest of the application skeleton: a dependency-free Node.js HTTP service with `/healthz` (the chart's probes),
 * its tests, and a Dockerfile that runs as a numeric non-root user (the chart's `runAsNonRoot` can only verify a
 * numeric USER). Replace the service; keep the `lint` and `test` scripts and the Dockerfile at the root.
 */

const SERVER = `'use strict';
const http = require('node:http');

/** Answers /healthz for the Kubernetes probes and a greeting elsewhere. */
function createServer() {
  return http.createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const body = JSON.stringify({ app: process.env.APP_NAME ?? 'app' });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  const server = createServer().listen(port, () => console.log(\`listening on \${port}\`));
  // Kubernetes sends SIGTERM before it kills the pod: finish the requests in flight
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

module.exports = { createServer };
`;

const SERVER_TEST = `'use strict';
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { createServer } = require('../server');

test('/healthz answers 200 ok', async () => {
  const server = createServer().listen(0);
  try {
    const res = await fetch(\`http://127.0.0.1:\${server.address().port}/healthz\`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
  } finally {
    server.close();
  }
});
`;

const DOCKERFILE = `# Pin the base image by digest once you have pulled it
# (docker buildx imagetools inspect node:22-alpine).
FROM node:22-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY server.js ./
# numeric: the chart's runAsNonRoot cannot verify a user name (1000 is the image's "node" user)
USER 1000:1000
EXPOSE 8080
CMD ["node", "server.js"]
`;

const TRIVY_IGNORE = `# Findings accepted on purpose. CI fails on ${BLOCKING_SEVERITIES}; to accept one, add its id with
# an expiry and the reason (who accepted it, why it does not apply, the ticket), in a reviewed pull request:
#
#   # base image, no fixed version yet; not reachable from our code (accepted by <name>, <ticket>)
#   CVE-2026-00000 exp:2027-01-31
#
# After the expiry date the finding fails the build again. Trivy reads this file by default and the workflow passes
# it explicitly (trivyignores: ${TRIVY_IGNORE_FILE}).
`;

function packageJson(app: string): string {
  const pkg = {
    name: app,
    version: '0.1.0',
    private: true,
    license: 'UNLICENSED',
    engines: { node: '>=22' },
    scripts: {
      start: 'node server.js',
      lint: 'node --check server.js && node --check test/server.test.js',
      test: 'node --test test/server.test.js',
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** `npm ci` needs a lock file even without dependencies. */
function packageLock(app: string): string {
  const lock = {
    name: app,
    version: '0.1.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: app, version: '0.1.0', license: 'UNLICENSED', engines: { node: '>=22' } } },
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

function readme(app: string, ecrRepository: string, helmCharts: string): string {
  return `# ${app}

Pushes to \`develop\` and \`main\` build the image, scan it with Trivy, push it to ECR \`${ecrRepository}\`
(tag = commit SHA) and move the dev / staging overlay in [${helmCharts}](https://github.com/${helmCharts}); a manual
run of the \`ci\` workflow on \`main\` opens the production pull request there. The workflow needs one secret,
\`${HELM_CHARTS_TOKEN_SECRET}\` (write access to ${helmCharts} only). No AWS key: the push role is assumed through
GitHub OIDC. Accept a scanner finding in \`${TRIVY_IGNORE_FILE}\` (see the file).

\`\`\`bash
npm test && npm run lint
docker build -t ${app} . && docker run -p 8080:8080 ${app}
\`\`\`
`;
}

/** The application repository's files except the workflow, by path. */
export function applicationFiles(app: string, ecrRepository: string, helmCharts: string): Record<string, string> {
  return {
    'package.json': packageJson(app),
    'package-lock.json': packageLock(app),
    'server.js': SERVER,
    'test/server.test.js': SERVER_TEST,
    Dockerfile: DOCKERFILE,
    '.dockerignore': '.git\n.github\nnode_modules\ntest\n',
    [TRIVY_IGNORE_FILE]: TRIVY_IGNORE,
    'README.md': readme(app, ecrRepository, helmCharts),
  };
}
