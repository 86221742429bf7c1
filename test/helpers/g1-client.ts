import { RawWsClient, type Frame } from './raw-clients.js';
import type { ServerAddress } from './test-server.js';

/** A G1 (Android/Java SDK) client on a raw WebSocket: capitalised envelopes, numeric ids, `api.user.auth`. */
export class G1Client {
  private seq = 0;
  /** `Data` of the sign-in reply: `{Token, Uid, Servers}`. */
  signin: Record<string, unknown> = {};

  private constructor(readonly raw: RawWsClient) {}

  static async connect(server: ServerAddress, token: string, device: number): Promise<G1Client> {
    const client = new G1Client(await RawWsClient.connect(server.wsUrl));
    const seq = client.request('api.user.auth', { Token: token, Device: device });
    const reply = await client.raw.next((f) => f.Seq === seq && (f.Action === 'api.success' || f.Action === 'api.failed'));
    if (reply.Action !== 'api.success') throw new Error(`G1 sign-in failed: ${JSON.stringify(reply)}`);
    client.signin = reply.Data as Record<string, unknown>;
    return client;
  }

  /** Sends `{Ver, Seq, Action, Data}`; returns the seq. */
  request(action: string, data: unknown): number {
    const seq = ++this.seq;
    this.raw.send({ Ver: 1, Seq: seq, Action: action, Data: data });
    return seq;
  }

  framesOf(action: string): Frame[] {
    return this.raw.frames.filter((f) => f.Action === action);
  }

  /** `Data` of the first frame of `action` that matches. */
  async next(action: string, predicate: (data: Record<string, unknown>) => boolean = () => true, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const frame = await this.raw.next((f) => f.Action === action && predicate(f.Data as Record<string, unknown>), timeoutMs);
    return frame.Data as Record<string, unknown>;
  }

  close(): void {
    this.raw.close();
  }
}
