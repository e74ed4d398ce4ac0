// A MessagePack decoder for the configuration values Terraform sends a provider (DynamicValue.msgpack, the wire
// format in https://github.com/hashicorp/terraform/blob/v1.11.4/docs/plugin-protocol/object-wire-format.md).
// Format: https://github.com/msgpack/msgpack/blob/master/spec.md. An unknown value decodes as UNKNOWN: extension
// type 0, or 12 for an unknown with refinements such as "not null" (go-cty, cty/msgpack/unknown.go); values of
// dynamic type arrive as [type JSON, value] pairs and decode as plain arrays.
export const UNKNOWN = Symbol('unknown');
const UNKNOWN_EXTENSION = 0;
const REFINED_UNKNOWN_EXTENSION = 12;

export type Value = null | boolean | number | string | Buffer | typeof UNKNOWN | Value[] | { [key: string]: Value };

export function decodeMsgpack(bytes: Buffer): Value {
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > bytes.length) throw new Error('msgpack: truncated value');
    const slice = bytes.subarray(at, at + n);
    at += n;
    return slice;
  };
  const array = (n: number): Value[] => Array.from({ length: n }, () => next());
  const map = (n: number): Value => {
    const result: Record<string, Value> = {};
    for (let i = 0; i < n; i++) {
      const key = next();
      result[String(key)] = next();
    }
    return result;
  };
  const ext = (n: number): Value => {
    const type = take(1).readInt8(0);
    take(n);
    if (type === UNKNOWN_EXTENSION || type === REFINED_UNKNOWN_EXTENSION) return UNKNOWN;
    throw new Error(`msgpack: extension type ${type} is not a Terraform value`);
  };
  const next = (): Value => {
    const b = take(1)[0];
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return map(b & 0x0f);
    if ((b & 0xf0) === 0x90) return array(b & 0x0f);
    if ((b & 0xe0) === 0xa0) return take(b & 0x1f).toString('utf8');
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return Buffer.from(take(take(1)[0]));
      case 0xc5:
        return Buffer.from(take(take(2).readUInt16BE(0)));
      case 0xc6:
        return Buffer.from(take(take(4).readUInt32BE(0)));
      case 0xc7:
        return ext(take(1)[0]);
      case 0xc8:
        return ext(take(2).readUInt16BE(0));
      case 0xc9:
        return ext(take(4).readUInt32BE(0));
      case 0xca:
        return take(4).readFloatBE(0);
      case 0xcb:
        return take(8).readDoubleBE(0);
      case 0xcc:
        return take(1)[0];
      case 0xcd:
        return take(2).readUInt16BE(0);
      case 0xce:
        return take(4).readUInt32BE(0);
      case 0xcf:
        return Number(take(8).readBigUInt64BE(0));
      case 0xd0:
        return take(1).readInt8(0);
      case 0xd1:
        return take(2).readInt16BE(0);
      case 0xd2:
        return take(4).readInt32BE(0);
      case 0xd3:
        return Number(take(8).readBigInt64BE(0));
      case 0xd4:
        return ext(1);
      case 0xd5:
        return ext(2);
      case 0xd6:
        return ext(4);
      case 0xd7:
        return ext(8);
      case 0xd8:
        return ext(16);
      case 0xd9:
        return take(take(1)[0]).toString('utf8');
      case 0xda:
        return take(take(2).readUInt16BE(0)).toString('utf8');
      case 0xdb:
        return take(take(4).readUInt32BE(0)).toString('utf8');
      case 0xdc:
        return array(take(2).readUInt16BE(0));
      case 0xdd:
        return array(take(4).readUInt32BE(0));
      case 0xde:
        return map(take(2).readUInt16BE(0));
      case 0xdf:
        return map(take(4).readUInt32BE(0));
      default:
        throw new Error(`msgpack: byte 0x${b.toString(16)} does not start a value`);
    }
  };
  const value = next();
  if (at !== bytes.length) throw new Error('msgpack: bytes after the value');
  return value;
}
