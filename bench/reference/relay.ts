/**
 * The reference for `glide bench compare`: a minimal WebSocket relay, the ceiling for a Node ws
 * server. No auth, no storage, no acks: a socket says who it is with `/ws?uid=N` (and its group with
 * `&gid=G`), every `message.chat` frame is forwarded unchanged to the socket of `data.to`, and every
 * `message.group` frame to the other sockets of group `data.to`. Other frames (members' acks) are
 * parsed and dropped, which is what reading an ack costs at the least. It speaks the same
 * envelope as Glide (JSON, G2), so the bench's client code drives both. Writes are batched per tick
 * with cork, as Glide's gateway does, so the comparison is about the work, not the syscalls.
 *
 * Run: node --import tsx bench/reference/relay.ts --port 8081  (listens on 127.0.0.1 only)
 */
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';

interface Peer {
  ws: WebSocket;
  socket: Duplex;
  pending: string[];
}

const { values } = parseArgs({ options: { port: { type: 'string', default: '8081' } } });
const port = Number(values.port);

const peers = new Map<string, Peer>();
const groups = new Map<string, Set<Peer>>();
const dirty = new Set<Peer>();
let isFlushScheduled = false;

/** One cork per socket per tick: the frames of a tick leave in one write. */
function flush(): void {
  isFlushScheduled = false;
  for (const peer of dirty) {
    peer.socket.cork();
    for (const frame of peer.pending) peer.ws.send(frame);
    peer.socket.uncork();
    peer.pending = [];
  }
  dirty.clear();
}

function enqueue(peer: Peer, text: string): void {
  peer.pending.push(text);
  dirty.add(peer);
  if (!isFlushScheduled) {
    isFlushScheduled = true;
    setImmediate(flush);
  }
}

function forward(from: Peer, text: string): void {
  let envelope: { action?: unknown; data?: { to?: unknown } };
  try {
    envelope = JSON.parse(text) as typeof envelope;
  } catch {
    return;
  }
  const to = String(envelope.data?.to);
  if (envelope.action === 'message.chat') {
    const peer = peers.get(to);
    if (peer) enqueue(peer, text);
  } else if (envelope.action === 'message.group') {
    for (const member of groups.get(to) ?? []) if (member !== from) enqueue(member, text);
  }
}

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ connections: peers.size }));
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
http.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://relay');
  const uid = url.searchParams.get('uid');
  const gid = url.searchParams.get('gid');
  if (url.pathname !== '/ws' || !uid) {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
    const peer: Peer = { ws, socket, pending: [] };
    peers.set(uid, peer);
    const group = gid === null ? undefined : (groups.get(gid) ?? groups.set(gid, new Set()).get(gid)!);
    group?.add(peer);
    ws.on('message', (data: Buffer) => forward(peer, data.toString('utf8')));
    ws.on('close', () => {
      if (peers.get(uid) === peer) peers.delete(uid);
      group?.delete(peer);
      dirty.delete(peer);
    });
  });
});
http.listen(port, '127.0.0.1', () => process.stdout.write(`relay listening on ws://127.0.0.1:${port}/ws\n`));
const stop = (): void => {
  for (const peer of peers.values()) peer.ws.terminate();
  http.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
