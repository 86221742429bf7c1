import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  API_ACTION_PREFIX,
  CLIENT_ACTIONS,
  PRE_AUTH_ACTIONS,
  SERVER_ACTIONS,
  apiRoutePath,
  isApiAction,
  isClientAction,
  isPreAuthAction,
  isServerAction,
} from './actions.js';
import { codecFor, createCodec, isCodecName } from './index.js';
import { JsonCodec } from './json-codec.js';
import { ProtobufCodec } from './protobuf-codec.js';

describe('action catalog', () => {
  it('lists every action once, each on at least one side', () => {
    const all = Object.values(ACTIONS);
    expect(new Set(all).size).toBe(all.length);
    for (const action of all) expect(isClientAction(action) || isServerAction(action), action).toBe(true);
  });

  it('has the two-way actions on both sides', () => {
    for (const action of ['message.chat', 'message.group', 'message.chat.recall', 'message.group.recall', 'message.cli', 'heartbeat']) {
      expect(CLIENT_ACTIONS).toContain(action);
      expect(SERVER_ACTIONS).toContain(action);
    }
  });

  it('allows only sign-in and heartbeat before sign-in', () => {
    expect([...PRE_AUTH_ACTIONS].sort()).toEqual(['api.auth', 'api.user.auth', 'authenticate', 'heartbeat']);
    expect(isPreAuthAction('message.chat')).toBe(false);
    expect(isPreAuthAction('api.user.auth')).toBe(true);
  });

  it('recognises api.<path> actions and their route paths', () => {
    expect(API_ACTION_PREFIX).toBe('api.');
    expect(isApiAction('api.msg.sync')).toBe(true);
    expect(isApiAction('api.')).toBe(false);
    expect(isApiAction('apix.y')).toBe(false);
    expect(apiRoutePath('api.msg.chat.history')).toBe('msg/chat/history');
    expect(apiRoutePath('api.auth.signin_v2')).toBe('auth/signin_v2');
    expect(apiRoutePath('message.chat')).toBeUndefined();
  });
});

describe('codec factory', () => {
  it('gives shared codecs by name and new ones on request', () => {
    expect(codecFor('json')).toBeInstanceOf(JsonCodec);
    expect(codecFor('protobuf')).toBeInstanceOf(ProtobufCodec);
    expect(codecFor('json')).toBe(codecFor('json'));
    expect(createCodec('protobuf')).not.toBe(codecFor('protobuf'));
    expect(codecFor('json').isBinary).toBe(false);
    expect(codecFor('protobuf').isBinary).toBe(true);
    expect(isCodecName('protobuf')).toBe(true);
    expect(isCodecName('msgpack')).toBe(false);
  });
});
