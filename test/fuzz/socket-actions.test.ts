/**
 * Every socket action (the router's own and every `api.*` route) with junk data over a real WebSocket:
 * at most one reply with the request's seq, an error reply for data that cannot be a payload, never an
 * internal error, and the connection keeps serving (a heartbeat and a known request are answered after).
 * Frames that are not envelopes close only their own connection, on WebSocket and TCP alike.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readAckGroupMsg,
  readAckRead,
  readAckRequest,
  readApiAuth,
  readAuthenticate,
  readChatMessage,
  readCliMessage,
  FrameDecoder,
  JsonCodec,
  PrefaceReader,
  ProtobufCodec,
  encodeFrame,
  type Codec,
} from '../../src/protocol/index.js';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { fcOptions, fuzzTimeoutMs, junkObjectText, junkValue, PAYLOAD_FIELDS, plausibleObjectText, ROUTE_FIELDS } from '../helpers/fuzz.js';
import { RawTcpClient } from '../helpers/raw-clients.js';
import { actionOf, dataOf, ProbedSocket, REPLY_ACTIONS } from '../helpers/socket-probe.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const RUNS_PER_ACTION = 8;
const GARBAGE_RUNS = 25;
const PROTOBUF_SUBPROTOCOL = 'glide.protobuf';
const CHAT_FIELDS = ['cliMid', 'to', 'type', 'content'];
const PAYLOAD_REQUIRED: Readonly<Record<string, string[]>> = {
  'message.chat': CHAT_FIELDS,
  'message.chat.retry': CHAT_FIELDS,
  'message.chat.resend': CHAT_FIELDS,
  'message.chat.recall': CHAT_FIELDS,
  'message.group': CHAT_FIELDS,
  'message.group.recall': CHAT_FIELDS,
  'message.cli': ['to', 'type', 'content'],
  'ack.request': ['mid', 'from'],
  'ack.group.msg': ['gid', 'mid', 'seq'],
  'ack.read': ['mid', 'from'],
  authenticate: ['credential', 'version'],
  'api.auth': ['Token'],
  'api.user.auth': ['Token', 'Device'],
};
/** The reader each action's handler starts with: where it throws, the server must answer with an error. */
const READERS: Readonly<Record<string, (data: unknown) => unknown>> = {
  'message.chat': readChatMessage,
  'message.chat.retry': readChatMessage,
  'message.chat.resend': readChatMessage,
  'message.chat.recall': readChatMessage,
  'message.group': readChatMessage,
  'message.group.recall': readChatMessage,
  'message.cli': readCliMessage,
  'ack.request': readAckRequest,
  'ack.group.msg': readAckGroupMsg,
  'ack.read': readAckRead,
  authenticate: readAuthenticate,
  'api.auth': readApiAuth,
  'api.user.auth': readApiAuth,
};
const ENVELOPE_EXTRAS = ['to', 'from', 'ticket', 'extra', 'msg', 'sign', 'ver', 'To', 'Ticket', 'Extra'];

describe('socket actions on junk data', () => {
  let server: TestServer;
  let fuzzer: TestUser;
  let ids: number[];
  let socket: ProbedSocket;
  let g1: ProbedSocket;
  let bystander: ProbedSocket;
  let actions: string[];
  let garblerToken: string;

  beforeAll(async () => {
    // The per-connection budget out of the way (the fuzzer sends far more than a client would); a short heartbeat: sockets that sit idle while others are fuzzed must keep themselves alive, as clients do.
    server = await startTestServer({ messaging: { maxMessagesPerSecond: 100_000, maxBytesPerSecond: 1 << 30, maxAcksPerSecond: 100_000, maxFanoutPerSecond: 1_000_000 }, gateway: { heartbeatIntervalMs: 500 } });
    fuzzer = await registerUser(server, { prefix: 'fuzzer' });
    const [peer, stranger, watcher] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    // State the junk can reach: a contact, a group the fuzzer is in, and someone who blocks the fuzzer.
    await callApi(server, 'contacts/add', { Uid: fuzzer.uid }, peer.token);
    const gid = ((await callApi(server, 'group/create', { Name: 'fuzz', Member: [fuzzer.uid] }, peer.token)).body.Data as { Gid: number }).Gid;
    await callApi(server, 'session/blacklist/add', { relative_ids: [fuzzer.uid] }, stranger.token);
    socket = await ProbedSocket.signIn(server, fuzzer.token);
    // Messages the junk can name: one to the fuzzer, one it sent, one in its group.
    const peerSocket = await ProbedSocket.signIn(server, peer.token);
    const mids = [
      (await peerSocket.postMessage('message.chat', fuzzer.uid, 'to-fuzzer')).mid,
      (await socket.postMessage('message.chat', peer.uid, 'from-fuzzer')).mid,
      (await peerSocket.postMessage('message.group', gid, 'in-group')).mid,
    ];
    peerSocket.close();
    ids = [fuzzer.uid, peer.uid, stranger.uid, gid, ...mids];
    g1 = await ProbedSocket.signIn(server, await server.app.accounts.tokenFor(fuzzer.uid, 1), 'g1');
    bystander = await ProbedSocket.signIn(server, watcher.token);
    garblerToken = (await registerUser(server, { prefix: 'garbler' })).token;
    const exact = server.app.router.actions().filter((action) => !action.endsWith('*'));
    actions = [...exact, ...server.app.routes.describe().map((route) => `api.${route.path.replaceAll('/', '.')}`)];
  });
  afterAll(async () => {
    for (const open of [socket, g1, bystander]) open?.close();
    await server.close();
  });

  /** Fields an action needs, so plausible data gets past the readers to the handlers. */
  const requiredOf = (action: string): string[] =>
    action.startsWith('api.') ? (server.app.routes.describe().find((r) => `api.${r.path.replaceAll('/', '.')}` === action)?.requiredFields ?? ['Token']) : (PAYLOAD_REQUIRED[action] ?? []);
  const dataText = (action: string): fc.Arbitrary<string | undefined> =>
    fc.oneof(
      { weight: 6, arbitrary: plausibleObjectText([...PAYLOAD_FIELDS, ...ROUTE_FIELDS], ids, requiredOf(action)) },
      { weight: 6, arbitrary: junkObjectText([...PAYLOAD_FIELDS, ...ROUTE_FIELDS], ids) },
      { weight: 3, arbitrary: junkValue(ids).map((value) => JSON.stringify(value) ?? 'null') },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  const extras = (): fc.Arbitrary<[string, string][]> =>
    fc.array(fc.tuple(fc.constantFrom(...ENVELOPE_EXTRAS), junkValue(ids).map((value) => JSON.stringify(value) ?? 'null')), { maxLength: 3 });

  /** One junk request on `conn`, then the checks every action must pass. */
  async function fuzzOne(conn: ProbedSocket, action: string, data: string | undefined, fields: [string, string][]): Promise<void> {
    const seq = conn.nextSeq();
    const text = conn.frameText(seq, action, data, fields);
    fc.pre(Buffer.byteLength(text) < server.app.config.gateway.maxFrameBytes);
    const { replies, probe } = await conn.exchange(seq, text);
    const where = `${action} ${text.slice(0, 300)} → ${JSON.stringify(replies).slice(0, 300)}`;
    if (actionOf(probe) === 'notify.auth' && action === 'api.auth.logout') {
      // A body that passed: the device signed out and the connection is anonymous again, as designed.
      await conn.auth(await server.app.accounts.tokenFor(fuzzer.uid, conn === g1 ? 1 : 2));
      return;
    }
    expect(actionOf(probe), where).toBe('api.success');
    expect(replies.length, where).toBeLessThanOrEqual(1);
    for (const reply of replies) {
      expect(REPLY_ACTIONS.has(actionOf(reply)) && actionOf(reply) !== 'notify.auth', where).toBe(true);
      expect(JSON.stringify(dataOf(reply) ?? null), where).not.toMatch(/internal error/);
    }
    // Data the action's reader refuses (or, for api.*, that is no object) must get exactly one error reply.
    const value: unknown = data === undefined ? undefined : JSON.parse(data);
    const reader = READERS[action];
    let isRefused = action.startsWith('api.') && value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value));
    try {
      reader?.(value);
    } catch {
      isRefused = true;
    }
    if (isRefused) expect(replies.map(actionOf), where).toEqual([action.startsWith('api.') ? 'api.failed' : 'notify.error']);
  }

  it('knows every action: the router’s own and one per API route', () => {
    expect(actions).toEqual(expect.arrayContaining(['authenticate', 'api.auth', 'message.chat', 'message.group', 'ack.request', 'ack.read', 'message.cli', 'api.group.create']));
    expect(server.app.router.actions()).toContain('api.*');
  });

  it(
    'answers junk on every action (G2) with at most one reply, an error for non-payloads, never an internal error, and keeps serving',
    async () => {
      for (const [index, action] of actions.entries()) {
        await fc.assert(fc.asyncProperty(dataText(action), extras(), (data, fields) => fuzzOne(socket, action, data, fields)), fcOptions(RUNS_PER_ACTION, 200 + index));
      }
    },
    fuzzTimeoutMs(RUNS_PER_ACTION * 60, 10),
  );

  it(
    'does the same on a G1 connection for the socket actions',
    async () => {
      for (const [index, action] of actions.filter((a) => !a.startsWith('api.') || a === 'api.user.auth').entries()) {
        await fc.assert(fc.asyncProperty(dataText(action), extras(), (data, fields) => fuzzOne(g1, action, data, fields)), fcOptions(RUNS_PER_ACTION, 300 + index));
      }
    },
    fuzzTimeoutMs(RUNS_PER_ACTION * 15, 10),
  );

  it('answers data nested as deep as a frame allows on every action', async () => {
    const deep = ['['.repeat(32_000) + ']'.repeat(32_000), `{"cliMid":"d","to":"1","content":${'['.repeat(30_000)}${']'.repeat(30_000)}}`, '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)];
    for (const action of actions) for (const data of deep) await fuzzOne(socket, action, data, []);
  });

  it(
    'answers unknown and look-alike actions with notify.error or api.failed and keeps serving',
    async () => {
      const known = ['message.chat', 'ack.read', 'api.group.create', 'api.auth', 'heartbeat'];
      const action = fc.oneof(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 30 }).map((s) => `api.${s}`),
        fc.constantFrom(...known).map((a) => a.toUpperCase()),
        fc.constantFrom(...known).map((a) => ` ${a}`),
        fc.constantFrom('api.', 'api..', 'api.__proto__', 'api.constructor', 'api.group..create', 'api.group/create', 'message.chat.', 'x'.repeat(128)),
      );
      await fc.assert(
        fc.asyncProperty(action, async (name) => {
          const seq = socket.nextSeq();
          const { replies, probe } = await socket.exchange(seq, socket.frameText(seq, name, '{}'));
          const where = `${name} → ${JSON.stringify(replies)}`;
          expect(actionOf(probe), where).toBe('api.success');
          if (!actions.includes(name)) expect(replies.map(actionOf), where).toEqual([name.startsWith('api.') ? 'api.failed' : 'notify.error']);
        }),
        fcOptions(60, 250),
      );
    },
    fuzzTimeoutMs(60, 10),
  );

  /** Another signed-in connection still answers: a bad frame elsewhere closed only its own connection. */
  async function expectBystanderServed(): Promise<void> {
    const seq = bystander.nextSeq();
    const { probe } = await bystander.exchange(seq, bystander.frameText(seq, 'heartbeat', '{}'));
    expect(actionOf(probe)).toBe('api.success');
  }

  it(
    'closes a WebSocket that sends a frame that is not an envelope with 4000, and only that one',
    async () => {
      const codecs: Record<string, Codec> = { json: new JsonCodec(), protobuf: new ProtobufCodec() };
      const payload = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        junkObjectText(['seq', 'Seq', 'data', 'ver', 'actions', 'act ion'], ids),
        fc.constantFrom('', '[]', 'null', '{"action":""}', `{"action":"${'x'.repeat(200)}"}`, '{"action":7}', '{"action":"heartbeat","seq":1.5}', '{"action":"heartbeat","seq":"1"}'),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('json', 'protobuf'), fc.boolean(), payload, async (codecName, isSignedIn, bytes) => {
          const conn = await ProbedSocket.open(server, 'g2', codecName === 'protobuf' ? [PROTOBUF_SUBPROTOCOL] : undefined);
          try {
            if (isSignedIn && codecName === 'json') await conn.auth(garblerToken);
            let isEnvelope = true;
            try {
              codecs[codecName]!.decode(typeof bytes === 'string' ? bytes : new Uint8Array(bytes));
            } catch {
              isEnvelope = false;
            }
            conn.raw.send(bytes);
            if (!isEnvelope) expect((await conn.raw.closed()).code).toBe(4000);
          } finally {
            conn.close();
          }
          await expectBystanderServed();
        }),
        fcOptions(GARBAGE_RUNS, 400),
      );
    },
    fuzzTimeoutMs(GARBAGE_RUNS, 100),
  );

  /** What the server must do with `bytes` on a fresh TCP connection, worked out with the same readers. */
  function tcpOutcome(bytes: Uint8Array): 'bad preface' | 'bad frame' | 'waits' {
    let rest: Uint8Array;
    try {
      const preface = new PrefaceReader().push(bytes);
      if (!preface) return 'waits';
      rest = preface.rest;
    } catch {
      return 'bad preface';
    }
    try {
      for (const frame of new FrameDecoder(server.app.config.gateway.maxFrameBytes).push(rest)) new JsonCodec().decode(frame);
    } catch {
      return 'bad frame';
    }
    return 'waits';
  }

  it(
    'closes a TCP connection on a bad preface or a bad frame with a reason, and only that one',
    async () => {
      const preface = Buffer.from('GLIDE/1 json\n');
      const junkFrame = fc.oneof(fc.uint8Array({ maxLength: 100 }).map((b) => encodeFrame(b)), fc.string({ maxLength: 80 }).map((s) => encodeFrame(s)), fc.uint8Array({ maxLength: 12 }));
      const stream = fc.oneof(
        fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
        fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.concat([preface, b])),
        fc.array(junkFrame, { minLength: 1, maxLength: 4 }).map((frames) => Buffer.concat([preface, ...frames])),
      );
      await fc.assert(
        fc.asyncProperty(stream, async (bytes) => {
          const outcome = tcpOutcome(bytes);
          const client = await RawTcpClient.connect(server.tcpPort, null);
          try {
            client.writeRaw(bytes);
            if (outcome === 'bad preface') {
              await client.closed();
              expect(client.prefaceAnswer).toMatch(/^ERROR /);
            } else if (outcome === 'bad frame') {
              await client.closed();
              const goodbye = client.frames.at(-1);
              expect(goodbye && actionOf(goodbye)).toBe('notify.error');
              expect([4000, 4004]).toContain((dataOf(goodbye!) as { code: number }).code);
            }
          } finally {
            client.close();
          }
          await expectBystanderServed();
        }),
        fcOptions(GARBAGE_RUNS, 500),
      );
    },
    fuzzTimeoutMs(GARBAGE_RUNS, 100),
  );

  it(
    'fixes a connection’s dialect by its first frame, whatever the casing of later frames',
    async () => {
      const spell = (word: string, isUpper: boolean) => (isUpper ? word.charAt(0).toUpperCase() + word.slice(1) : word);
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.boolean(), fc.constantFrom('heartbeat', 'api.user.auth', 'x.unknown'), async (isFirstG1, isSecondG1, first) => {
          const conn = await ProbedSocket.open(server);
          try {
            conn.raw.send(`{"${spell('action', isFirstG1)}":"${first}","${spell('seq', isFirstG1)}":1}`);
            conn.raw.send(`{"${spell('action', isSecondG1)}":"x.unknown","${spell('seq', isSecondG1)}":2}`);
            const isG1 = isFirstG1 || first === 'api.user.auth';
            const reply = await conn.raw.next((f) => (f.seq ?? f.Seq) === 2);
            expect(reply).toHaveProperty(isG1 ? 'Action' : 'action', 'notify.auth');
          } finally {
            conn.close();
          }
        }),
        fcOptions(15, 600),
      );
    },
    fuzzTimeoutMs(15, 100),
  );
});
