import { Socket, type ConnectOpts, type SocketConstructorOpts } from 'node:net';

/**
 * Reads an accepted socket into one buffer shared by every socket of the process, the way `net.Socket`'s
 * `onread` option does for sockets this side creates. Hand-written on Node internals for a measured hot
 * path (issue 17): an idle connection's heartbeat is one read, and Node's default read path malloc'd
 * 64 KB per read, shrank it, wrapped it in an ArrayBuffer and a Buffer, pushed it through the Readable
 * and queued a nextTick; that was ~20 % of a held connection's server CPU in a perf profile. `onread`
 * is a constructor option only (nodejs/node#25436), and the HTTP server builds its sockets without it,
 * so this sets what the option sets: the socket's private buffer and callback slots (found once on a
 * probe socket built with `onread`, not by name) and the handle's `useUserBuffer`. When this Node has
 * neither, `readIntoSharedBuffer` says so and the caller reads `data` events as before.
 *
 * What the callback sees: `buffer`'s first `length` bytes, valid only until it returns (the next read
 * of any socket overwrites them), so whatever it keeps it must copy. `end`, `close` and `error` come as
 * with `data` events; backpressure (pause) is not offered.
 */
export type SharedReadCallback = (this: Socket, length: number, buffer: Buffer) => void;

/** Node's own read size (what libuv is asked to fill per read). */
const SHARED_BUFFER_BYTES = 64 * 1024;

interface OnreadSlots {
  buffer: symbol;
  callback: symbol;
}

type SlottedSocket = Socket & Record<symbol, unknown> & { _handle?: { useUserBuffer?: (buffer: Uint8Array) => void } | null };

const slots = findOnreadSlots();
const sharedBuffer = Buffer.alloc(SHARED_BUFFER_BYTES);

/** The private slots a socket built with `onread` keeps its buffer and callback in, or undefined. */
function findOnreadSlots(): OnreadSlots | undefined {
  const buffer = Buffer.alloc(1);
  const callback = (): boolean => true;
  // The constructor takes `onread` as `connect` does (how `net.connect` passes it on); the types list it under connect only.
  const options: SocketConstructorOpts & ConnectOpts = { onread: { buffer, callback } };
  const probe = new Socket(options) as SlottedSocket;
  let bufferSlot: symbol | undefined;
  let callbackSlot: symbol | undefined;
  for (const key of Object.getOwnPropertySymbols(probe)) {
    if (probe[key] === buffer) bufferSlot = key;
    else if (probe[key] === callback) callbackSlot = key;
  }
  probe.destroy();
  return bufferSlot && callbackSlot ? { buffer: bufferSlot, callback: callbackSlot } : undefined;
}

/**
 * From now on `socket`'s reads go to `callback` through the shared buffer. False (nothing changed) when
 * this Node does not allow it or the socket already holds unread bytes: then read its `data` events.
 */
export function readIntoSharedBuffer(socket: Socket, callback: SharedReadCallback): boolean {
  const slotted = socket as SlottedSocket;
  const handle = slotted._handle;
  if (slots === undefined || typeof handle?.useUserBuffer !== 'function' || socket.readableLength > 0) return false;
  slotted[slots.buffer] = sharedBuffer;
  slotted[slots.callback] = callback;
  handle.useUserBuffer(sharedBuffer);
  return true;
}
