import { CODEC_NAMES, type Codec, type CodecName } from './types.js';
import { JsonCodec } from './json-codec.js';
import { ProtobufCodec } from './protobuf-codec.js';

export function isCodecName(name: string): name is CodecName {
  return name === CODEC_NAMES.JSON || name === CODEC_NAMES.PROTOBUF;
}

/** A new codec by name. Codecs hold no per-connection state, so codecFor's shared ones usually do. */
export function createCodec(name: CodecName): Codec {
  return name === CODEC_NAMES.PROTOBUF ? new ProtobufCodec() : new JsonCodec();
}

const sharedCodecs: Readonly<Record<CodecName, Codec>> = { json: new JsonCodec(), protobuf: new ProtobufCodec() };

/** The shared codec for a name (stateless, safe to use from every connection). */
export function codecFor(name: CodecName): Codec {
  return sharedCodecs[name];
}
