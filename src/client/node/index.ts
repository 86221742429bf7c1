/** glide-im/client/node: the SDK plus what only Node has (TCP). */
export * from '../index.js';
export { tcpTransport, type TcpTransportOptions } from './tcp-transport.js';
