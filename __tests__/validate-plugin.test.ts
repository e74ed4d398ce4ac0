// The stand-in provider speaks Terraform's plugin handshake and protocol 6 over mutual TLS, as the go-plugin client in
// Terraform expects (https://github.com/hashicorp/go-plugin/blob/main/docs/internals.md). Played here by a grpc-js
// client holding its own certificate, like Terraform's; no terraform needed.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compiledPlugin } from '../scripts/validate/compile-plugin';
import {
  handshakeCertificate,
  localhostCertificate,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
} from '../scripts/validate/plugin';
import { encodeSchemaResponse } from '../scripts/validate/protocol';
import type { ProviderSchema } from '../scripts/validate/providers';

const ROOT = join(__dirname, '..');
// the transpiled plugin, as npm run validate installs it
const PLUGIN = join(compiledPlugin(join(ROOT, 'node_modules', '.cache', 'tf-standin-providers')), 'plugin.js');
const dir = mkdtempSync(join(tmpdir(), 'standin-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA: ProviderSchema = {
  provider: { version: 0, block: { attributes: { region: { type: 'string', optional: true } }, block_types: {} } },
  resource_schemas: {
    aws_s3_bucket: {
      version: 0,
      block: {
        attributes: { bucket: { type: 'string', required: true }, arn: { type: 'string', computed: true } },
        block_types: { timeouts: { nesting_mode: 'single', block: { attributes: {}, block_types: {} } } },
      },
    },
  },
  data_source_schemas: {},
};
const schemaFile = join(dir, 'schema.pb');
const schemaJson = join(dir, 'schema.json');
writeFileSync(schemaFile, encodeSchemaResponse(SCHEMA));
writeFileSync(schemaJson, JSON.stringify(SCHEMA));

/** MessagePack of an object of strings and nulls, as Terraform encodes a configuration value. */
function msgpackObject(value: Record<string, string | null>): Buffer {
  const str = (s: string) => Buffer.concat([Buffer.from([0xa0 | s.length]), Buffer.from(s)]);
  const nil = Buffer.from([0xc0]);
  const entries = Object.entries(value).map(([k, v]) => Buffer.concat([str(k), v === null ? nil : str(v)]));
  return Buffer.concat([Buffer.from([0x80 | entries.length]), ...entries]);
}

/** A client certificate as Terraform makes one for every plugin it starts. */
const clientCertificate = () => localhostCertificate();

interface Started {
  child: ChildProcessWithoutNullStreams;
  line: Promise<string>;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [PLUGIN, schemaFile, schemaJson], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let out = '';
  const line = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', () => reject(new Error(`plugin exited before the handshake: ${out}`)));
  });
  line.catch(() => undefined);
  const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  return { child, line, exit };
}

const pem = (der64: string) => {
  const padded = der64 + '='.repeat((4 - (der64.length % 4)) % 4);
  return `-----BEGIN CERTIFICATE-----\n${padded.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
};

type Callback = (error: grpc.ServiceError | null, response: Record<string, unknown>) => void;
type Unary = (request: object, callback: Callback) => void;
type Rows = Array<Record<string, unknown>>;
const loaded = grpc.loadPackageDefinition(
  protoLoader.loadSync(
    [join(ROOT, 'scripts/validate/tfplugin6.proto'), join(ROOT, 'scripts/validate/grpc-controller.proto')],
    { keepCase: true, longs: Number, enums: String, defaults: true },
  ),
) as unknown as {
  tfplugin6: { Provider: grpc.ServiceClientConstructor };
  plugin: { GRPCController: grpc.ServiceClientConstructor };
};
const call = (client: grpc.Client, method: string, request: object = {}) =>
  new Promise<Record<string, unknown>>((resolve, reject) =>
    (client as unknown as Record<string, Unary>)[method].call(client, request, (e, r) => (e ? reject(e) : resolve(r))),
  );

describe('a stand-in provider started as Terraform starts it', () => {
  const client = clientCertificate();
  let plugin: Started;
  let parts: string[];
  beforeAll(async () => {
    plugin = start({
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: client.cert.toString(),
    });
    parts = (await plugin.line).split('|');
  });
  afterAll(() => plugin.child.kill());

  const connect = (withClientCert: boolean, Service = loaded.tfplugin6.Provider) => {
    const server = Buffer.from(pem(parts[5]));
    const credentials = withClientCert
      ? grpc.credentials.createSsl(server, client.key, client.cert)
      : grpc.credentials.createSsl(server);
    return new Service(parts[3], credentials, { 'grpc.ssl_target_name_override': 'localhost' });
  };

  test('prints one handshake line: core 1, protocol 6, loopback tcp, grpc, its certificate without padding', () => {
    expect(parts.slice(0, 3)).toEqual(['1', '6', 'tcp']);
    expect(parts[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(parts[4]).toBe('grpc');
    expect(parts[5]).toMatch(/^[A-Za-z0-9+/]+$/);
  });

  test('serves the schema to a client holding the certificate it was given', async () => {
    const provider = connect(true);
    const response = await call(provider, 'GetProviderSchema');
    const resources = response.resource_schemas as Record<string, { block: { attributes: Rows; block_types: Rows } }>;
    const bucket = resources.aws_s3_bucket.block;
    const type = (a: Record<string, unknown>) => JSON.parse((a.type as Buffer).toString()) as unknown;
    expect(bucket.attributes.map(a => [a.name, type(a), a.required, a.computed])).toEqual([
      ['bucket', 'string', true, false],
      ['arn', 'string', false, true],
    ]);
    expect(bucket.block_types.map(b => [b.type_name, b.nesting])).toEqual([['timeouts', 'SINGLE']]);
    expect(await call(provider, 'ValidateResourceConfig', { type_name: 'aws_s3_bucket' })).toEqual({ diagnostics: [] });
    provider.close();
  });

  test('accepts a configuration, and rejects a value for a computed-only attribute as the SDK does', async () => {
    const provider = connect(true);
    const validate = (config: Record<string, string | null>) =>
      call(provider, 'ValidateResourceConfig', {
        type_name: 'aws_s3_bucket',
        config: { msgpack: msgpackObject(config) },
      });
    expect(await validate({ bucket: 'b', arn: null, timeouts: null })).toEqual({ diagnostics: [] });
    const { diagnostics } = (await validate({ bucket: 'b', arn: 'x', timeouts: null })) as { diagnostics: Rows };
    expect(diagnostics).toMatchObject([
      {
        severity: 'ERROR',
        summary: 'Value for unconfigurable attribute',
        attribute: { steps: [{ attribute_name: 'arn' }] },
      },
    ]);
    provider.close();
  });

  test('answers UNIMPLEMENTED for what validate does not need', async () => {
    const credentials = grpc.credentials.createSsl(Buffer.from(pem(parts[5])), client.key, client.cert);
    const stdio = new grpc.Client(parts[3], credentials, { 'grpc.ssl_target_name_override': 'localhost' });
    const raw = (x: Buffer) => x;
    const error = await new Promise<grpc.ServiceError>(resolve =>
      stdio.makeUnaryRequest('/tfplugin6.Provider/PlanResourceChange', raw, raw, Buffer.alloc(0), e => resolve(e!)),
    );
    expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
    stdio.close();
  });

  test('refuses a client without a certificate, and one with a certificate it was not given (mutual TLS)', async () => {
    const anonymous = connect(false);
    await expect(call(anonymous, 'GetProviderSchema')).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    anonymous.close();
    const stranger = clientCertificate();
    const impostor = new loaded.tfplugin6.Provider(
      parts[3],
      grpc.credentials.createSsl(Buffer.from(pem(parts[5])), stranger.key, stranger.cert),
      { 'grpc.ssl_target_name_override': 'localhost' },
    );
    await expect(call(impostor, 'GetProviderSchema')).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    impostor.close();
  });

  test('exits when Terraform asks the controller to shut down', async () => {
    const controller = connect(true, loaded.plugin.GRPCController);
    await call(controller, 'Shutdown');
    expect(await plugin.exit).toBe(0);
    controller.close();
  });
});

test('refuses to run without the magic cookie, printing no handshake', async () => {
  const plugin = start({ [MAGIC_COOKIE_KEY]: 'wrong', PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: 'x' });
  await expect(plugin.line).rejects.toThrow(/exited before the handshake/);
  expect(await plugin.exit).toBe(1);
});

test('the handshake certificate is the DER of the PEM, base64 without padding', () => {
  const der = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
  const text = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
  expect(der.toString('base64')).toMatch(/=$/);
  expect(handshakeCertificate(text)).toBe(der.toString('base64').replace(/=+$/, ''));
});
