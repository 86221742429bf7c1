import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  certFile: string;
  keyFile: string;
  /** The certificate's PEM, for a client's `ca`. */
  cert: Buffer;
  remove(): void;
}

/**
 * A fresh self-signed certificate for localhost and 127.0.0.1, made with the openssl CLI: no key
 * material is ever checked in, and clients can verify it properly by trusting it as their `ca`.
 */
export function createTestCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'glide-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cert: readFileSync(certFile), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
