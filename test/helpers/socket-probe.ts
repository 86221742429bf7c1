import { RawWsClient, type Frame } from './raw-clients.js';
import type { ServerAddress } from './test-server.js';
import { waitFor } from './wait-for.js';

/** Replies a request may get with its own seq (server pushes carry the connection's counter instead). */
export const REPLY_ACTIONS: ReadonlySet<string> = new Set(['notify.success', 'notify.error', 'notify.forbidden', 'notify.auth', 'api.success', 'api.failed']);

/** First request seq: far above any push counter a test reaches, so a reply is never mistaken for a push. */
const FIRST_SEQ = 1_000_000;

/** The key a dialect spells a field with: G1 capitalises (`Action`, `Seq`, `Data`). */
function key(frame: Frame, name: string): unknown {
  return frame[name] ?? frame[name.charAt(0).toUpperCase() + name.slice(1)];
}

export function actionOf(frame: Frame): string {
  return String(key(frame, 'action'));
}

export function seqOf(frame: Frame): unknown {
  return key(frame, 'seq');
}

export function dataOf(frame: Frame): unknown {
  return key(frame, 'data');
}

export interface Exchange {
  /** Frames carrying the request's seq. */
  replies: Frame[];
  /** The reply to the known request sent after it. */
  probe: Frame;
  /** Every frame that arrived meanwhile (pushes included). */
  frames: Frame[];
}

/**
 * A JSON WebSocket client for fuzzing: sends one request, then a heartbeat and a known request, and
 * waits for the known request's reply. Frames of one connection are handled in order, so everything
 * the first request answered at once is in by then, and a missing probe reply means the connection
 * no longer serves its client.
 */
export class ProbedSocket {
  private seq = FIRST_SEQ;

  private constructor(
    readonly raw: RawWsClient,
    private readonly isG1: boolean,
  ) {
    // Like a real client, answer the server's heartbeat so a socket idle through a long fuzz run stays up.
    raw.onFrame = (frame) => {
      if (actionOf(frame) === 'heartbeat') raw.send(this.frameText(this.nextSeq(), 'heartbeat', '{}'));
    };
  }

  /** Connects and signs in with `token` (`api.auth`, or G1's capitalised `api.user.auth`). */
  static async signIn(server: ServerAddress, token: string, dialect: 'g1' | 'g2' = 'g2'): Promise<ProbedSocket> {
    const socket = await ProbedSocket.open(server, dialect);
    await socket.auth(token);
    return socket;
  }

  static async open(server: ServerAddress, dialect: 'g1' | 'g2' = 'g2', protocols?: string[]): Promise<ProbedSocket> {
    return new ProbedSocket(await RawWsClient.connect(server.wsUrl, protocols), dialect === 'g1');
  }

  /** Signs in (again) with `token`; throws when refused. */
  async auth(token: string): Promise<void> {
    const reply = await this.request(this.isG1 ? 'api.user.auth' : 'api.auth', { Token: token, Device: 2 });
    if (actionOf(reply) !== 'api.success') throw new Error(`sign-in failed: ${JSON.stringify(reply)}`);
  }

  get isOpen(): boolean {
    return this.raw.closeInfo === undefined;
  }

  /** An envelope in this socket's dialect, with `fields` (raw JSON text each) appended. */
  frameText(seq: number, action: string, dataText: string | undefined, fields: readonly (readonly [string, string])[] = []): string {
    const names = this.isG1 ? ['Ver', 'Seq', 'Action', 'Data'] : ['ver', 'seq', 'action', 'data'];
    const parts = [`"${names[0]}":1`, `"${names[1]}":${seq}`, `"${names[2]}":${JSON.stringify(action)}`];
    if (dataText !== undefined) parts.push(`"${names[3]}":${dataText}`);
    for (const [name, value] of fields) parts.push(`${JSON.stringify(name)}:${value}`);
    return `{${parts.join(',')}}`;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Sends `action` and waits for its reply (any frame with its seq). */
  async request(action: string, data: unknown, timeoutMs = 5_000): Promise<Frame> {
    const seq = this.nextSeq();
    this.raw.send(this.frameText(seq, action, JSON.stringify(data)));
    return this.raw.next((f) => seqOf(f) === seq, timeoutMs);
  }

  /** Sends a chat or group message (`action`) and resolves with its `ack.message` data. */
  async postMessage(action: string, to: number, cliMid: string): Promise<{ mid: number; seq: number }> {
    this.raw.send(this.frameText(this.nextSeq(), action, JSON.stringify({ cliMid, to: String(to), type: 1, content: cliMid, sendAt: 1 })));
    const ack = await this.raw.next((f) => actionOf(f) === 'ack.message' && (dataOf(f) as { cliMid?: string }).cliMid === cliMid);
    return dataOf(ack) as { mid: number; seq: number };
  }

  /**
   * Sends `text` as one frame (built with `frameText(seq, …)`), then `heartbeat` and `api.user.profile`;
   * resolves once the profile request is answered. Clears the frame log for the next exchange.
   */
  async exchange(seq: number, text: string, timeoutMs = 5_000): Promise<Exchange> {
    this.raw.send(text);
    this.raw.send(this.frameText(this.nextSeq(), 'heartbeat', '{}'));
    const probeSeq = this.nextSeq();
    this.raw.send(this.frameText(probeSeq, 'api.user.profile', '{}'));
    const isAnswered = () => this.raw.frames.some((f) => seqOf(f) === probeSeq);
    await waitFor(() => isAnswered() || this.raw.closeInfo !== undefined, timeoutMs, `the probe reply after ${text.slice(0, 200)}`);
    const frames = this.raw.frames.splice(0);
    const probe = frames.find((f) => seqOf(f) === probeSeq);
    if (!probe) throw new Error(`connection closed ${JSON.stringify(this.raw.closeInfo)} after ${text.slice(0, 300)}`);
    return { replies: frames.filter((f) => seqOf(f) === seq), probe, frames };
  }

  close(): void {
    this.raw.close();
  }
}
