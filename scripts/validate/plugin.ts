// A stand-in Terraform provider (plugin protocol 6) that serves a schema derived from the cdktf bindings: enough for
// `terraform validate`, where core checks arguments, blocks, types and references against the schema; of the
// provider's own checks it makes one, that no computed-only attribute is set (read-only.ts). Started by Terraform
// through a dev_overrides directory:
//   node plugin.js <encoded GetProviderSchema.Response file> <schema JSON file>   (transpiled by compile-plugin.ts)
// Handshake (go-plugin, https://github.com/hashicorp/go-plugin/blob/main/docs/internals.md): the magic cookie in the
// environment, then one line `CORE-VERSION|APP-VERSION|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT` on stdout. Terraform
// always uses AutoMTLS: it passes its client certificate in PLUGIN_CLIENT_CERT and trusts the certificate we print.
import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { SchemaBlock } from './derive-schema';
import { decodeMsgpack } from './msgpack';
import { loadProtocol } from './protocol';
import type { ProviderSchema } from './providers';
import { readOnlyProblems } from './read-only';

// https://github.com/hashicorp/terraform/blob/v1.11.4/internal/plugin6/serve.go (Handshake)
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

interface ValidateRequest {
  type_name: string;
  config?: { msgpack?: Buffer };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * A self-signed P-256 certificate for `localhost` (one day), from openssl, with `extensions` (`-addext`) besides its
 * subjectAltName: the plugin's own, and in the tests the client's that Terraform makes for every plugin it starts.
 */
export function localhostCertificate(extensions: readonly string[] = []): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tf-standin-'));
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
        ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
        ...extensions.flatMap(extension => ['-addext', extension]),
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plugin's certificate, valid for `localhost` as the go-plugin client expects, and its own CA. */
function serverCertificate(): { key: Buffer; cert: Buffer } {
  return localhostCertificate([
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,digitalSignature,keyCertSign',
    'extendedKeyUsage=serverAuth,clientAuth',
  ]);
}

/** DER of a PEM certificate, base64 without padding (go's RawStdEncoding), as the handshake line carries it. */
export function handshakeCertificate(pem: string): string {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64').toString('base64').replace(/=+$/, '');
}

function main(): void {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    fail('This is a Terraform plugin (a stand-in provider for terraform validate); Terraform starts it.');
  }
  const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',');
  if (!versions.includes(String(APP_PROTOCOL_VERSION))) fail(`plugin protocol 6 not offered: ${versions.join(',')}`);
  const clientCert = process.env.PLUGIN_CLIENT_CERT;
  if (!clientCert) fail('PLUGIN_CLIENT_CERT is not set: Terraform always sends its client certificate');
  const [schemaFile, schemaJson] = process.argv.slice(2);
  if (!schemaFile || !schemaJson) fail('usage: plugin.js <GetProviderSchema.Response file> <schema JSON file>');

  const schemaResponse = readFileSync(schemaFile);
  const { provider, controller } = loadProtocol();
  const server = new grpc.Server();
  const empty = (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, {});
  // the schema response is encoded once per provider version, so it is served as the stored bytes
  const providerService: grpc.ServiceDefinition = {
    ...provider,
    GetProviderSchema: { ...provider.GetProviderSchema, responseSerialize: (bytes: Buffer) => bytes },
  };
  // parsed only when Terraform asks to validate, not for the schema alone
  let schema: ProviderSchema | undefined;
  const blockOf = (kind: 'resource_schemas' | 'data_source_schemas', type: string): SchemaBlock | undefined => {
    schema ??= JSON.parse(readFileSync(schemaJson, 'utf8')) as ProviderSchema;
    return schema[kind][type]?.block;
  };
  const validate =
    (kind: 'resource_schemas' | 'data_source_schemas') =>
    (call: { request: ValidateRequest }, callback: grpc.sendUnaryData<object>) => {
      let problems: ReturnType<typeof readOnlyProblems>;
      try {
        const block = blockOf(kind, call.request.type_name);
        const config = call.request.config?.msgpack;
        problems = block && config?.length ? readOnlyProblems(block, decodeMsgpack(config)) : [];
      } catch (error) {
        // a fault of the stand-in, not of the configuration: say so instead of an opaque RPC error
        const detail = `${call.request.type_name}: ${(error as Error).message}`;
        callback(null, { diagnostics: [{ severity: 'ERROR', summary: 'Stand-in provider failed', detail }] });
        return;
      }
      callback(null, {
        diagnostics: problems.map(p => ({
          severity: 'ERROR',
          summary: p.summary,
          detail: p.detail,
          attribute: { steps: p.path },
        })),
      });
    };
  server.addService(providerService, {
    GetProviderSchema: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, schemaResponse),
    ValidateProviderConfig: empty,
    ValidateResourceConfig: validate('resource_schemas'),
    ValidateDataResourceConfig: validate('data_source_schemas'),
    StopProvider: empty,
  });
  server.addService(controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setTimeout(() => {
        server.forceShutdown();
        process.exit(0);
      }, 10);
    },
  });
  const { key, cert } = serverCertificate();
  // requires and verifies the client certificate Terraform generated for this run
  const keyPair = { private_key: key, cert_chain: cert };
  const credentials = grpc.ServerCredentials.createSsl(Buffer.from(clientCert), [keyPair], true);
  // Terraform stops its plugins itself; a plugin whose Terraform died must not keep listening
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
  server.bindAsync('127.0.0.1:0', credentials, (error, port) => {
    if (error) fail(`cannot listen on loopback: ${error.message}`);
    const address = `127.0.0.1:${port}`;
    process.stdout.write(
      `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|${address}|grpc|${handshakeCertificate(cert.toString())}\n`,
    );
  });
}

if (require.main === module) main();
