import { readFileSync } from 'node:fs';

/**
 * Descriptors a node keeps for everything but client sockets: the database pool, NATS, log and data
 * files, outgoing HTTP (push, webhooks, S3), the listening sockets.
 */
export const RESERVED_FILES = 512;

/** The soft limit on open files of this process (Linux /proc), or undefined where it cannot be read. */
export function openFilesLimit(limitsText: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  let text: string;
  try {
    text = limitsText();
  } catch {
    return undefined;
  }
  const match = /^Max open files\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * `maxConnections` lowered to what the process can open: past its file limit a node could not accept
 * (EMFILE) and a client would see a reset instead of a clean refusal that sends it to another node.
 */
export function connectionsWithinFiles(maxConnections: number, filesLimit: number | undefined): number {
  if (filesLimit === undefined) return maxConnections;
  return Math.max(1, Math.min(maxConnections, filesLimit - RESERVED_FILES));
}
