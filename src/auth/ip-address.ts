import { BlockList, isIP, isIPv4 } from 'node:net';
import { GlideError } from '../core/index.js';

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Strips an IPv6 zone and unwraps IPv4-mapped IPv6 (`::ffff:1.2.3.4` is `1.2.3.4`, as dual-stack sockets report it). */
export function normalizeIp(ip: string): string {
  const bare = ip.trim().replace(/%.*$/, '');
  const mapped = MAPPED_V4.exec(bare);
  return mapped ? (mapped[1] as string) : bare.toLowerCase();
}

/**
 * The bucket a client address is counted in: the address for IPv4, its /64 for IPv6
 * (one host usually owns a whole /64, so counting single addresses would be no limit at all).
 */
export function ipThrottleKey(ip: string): string {
  const address = normalizeIp(ip);
  if (isIPv4(address)) return address;
  if (isIP(address) !== 6) return `other:${address.slice(0, 64)}`;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** Matches addresses against a list of addresses and CIDR ranges (IPv4 or IPv6). Throws CONFIG_INVALID on a bad entry. */
export function createAddressMatcher(entries: readonly string[], configKey = 'auth.trustedAddresses'): (ip: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [rawAddress, rawPrefix] = entry.split('/');
    const address = normalizeIp(rawAddress ?? '');
    const family = isIP(address);
    const prefix = rawPrefix === undefined ? undefined : Number(rawPrefix);
    const maxPrefix = family === 4 ? 32 : 128;
    if (family === 0 || (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix))) {
      throw new GlideError('CONFIG_INVALID', `${configKey}: '${entry}' is not an IP address or CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return (ip) => {
    const address = normalizeIp(ip);
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The eight groups of a valid IPv6 address, without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (a.b.c.d) takes two groups.
  const width = (groups: string[]): number => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - width(headGroups) - width(tailGroups);
  const zeros: string[] = Array.from({ length: Math.max(missing, 0) }, () => '0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16)));
}
