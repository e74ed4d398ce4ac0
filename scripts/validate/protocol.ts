// Loads the protocol definitions the stand-in providers use, and encodes a provider schema as Terraform reads it.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'path';
import type { SchemaBlock } from './derive-schema';
import type { ProviderSchema, Schema } from './providers';

export interface Protocol {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
}

const OPTIONS: protoLoader.Options = { keepCase: true, longs: Number, enums: String, defaults: false };

export function loadProtocol(): Protocol {
  const definition = protoLoader.loadSync(
    [join(__dirname, 'tfplugin6.proto'), join(__dirname, 'grpc-controller.proto')],
    OPTIONS,
  );
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    tfplugin6: { Provider: grpc.ServiceClientConstructor };
    plugin: { GRPCController: grpc.ServiceClientConstructor };
  };
  return { provider: loaded.tfplugin6.Provider.service, controller: loaded.plugin.GRPCController.service };
}

const NESTING = { single: 'SINGLE', list: 'LIST', set: 'SET', map: 'MAP' } as const;

function blockMessage(block: SchemaBlock): object {
  return {
    attributes: Object.entries(block.attributes).map(([name, a]) => ({
      name,
      type: Buffer.from(JSON.stringify(a.type)),
      required: a.required ?? false,
      optional: a.optional ?? false,
      computed: a.computed ?? false,
    })),
    block_types: Object.entries(block.block_types).map(([name, b]) => ({
      type_name: name,
      block: blockMessage(b.block),
      nesting: NESTING[b.nesting_mode],
      min_items: b.min_items ?? 0,
      max_items: b.max_items ?? 0,
    })),
  };
}

function schemaMessage(schema: Schema): object {
  return { version: schema.version, block: blockMessage(schema.block) };
}

const mapValues = (record: Record<string, Schema>) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, schemaMessage(v)]));

/** The bytes of a GetProviderSchema.Response for this schema. */
export function encodeSchemaResponse(schema: ProviderSchema): Buffer {
  const { provider } = loadProtocol();
  const serialize = provider.GetProviderSchema.responseSerialize as (value: object) => Buffer;
  return serialize({
    provider: schemaMessage(schema.provider),
    resource_schemas: mapValues(schema.resource_schemas),
    data_source_schemas: mapValues(schema.data_source_schemas),
  });
}
