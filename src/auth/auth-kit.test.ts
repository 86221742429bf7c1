import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.js';
import { createAuthKit, MemoryTokenVersions, type AuthSettings } from './index.js';

const SETTINGS: AuthSettings = {
  secret: '',
  tokenTtlSec: 3600,
  credentialTtlSec: 300,
  ticketTtlSec: 600,
  devicePolicy: 'device',
  signinMaxFailures: 5,
  signinAccountMaxFailures: 50,
  signinWindowSec: 60,
  registrationsPerIpPerHour: 20,
  guestsPerIpPerHour: 30,
  hashConcurrency: 2,
  hashQueueMax: 32,
  trustedAddresses: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
};

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'glide-auth-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('createAuthKit', () => {
  it('wires every part to one generated secret that survives a restart', async () => {
    const versions = new MemoryTokenVersions();
    const first = await createAuthKit({ clock: new ManualClock(), versions }, { ...SETTINGS, dataDir });
    const { token } = await first.tokens.issue(9, 2);
    const { ticket } = first.tickets.issue(9, 10);
    const second = await createAuthKit({ clock: new ManualClock(), versions }, { ...SETTINGS, dataDir });
    await expect(second.tokens.verify(token)).resolves.toEqual({ uid: 9, device: 2, ver: 1 });
    expect(second.tickets.isValid(ticket, 9, 10)).toBe(true);
    expect(second.devicePolicy).toBe('device');
  });

  it('lets sessions of one device coexist under the none policy', async () => {
    const kit = await createAuthKit({ clock: new ManualClock(), versions: new MemoryTokenVersions() }, { ...SETTINGS, devicePolicy: 'none', dataDir });
    const a = await kit.tokens.issue(9, 2);
    await kit.tokens.issue(9, 2);
    await expect(kit.tokens.verify(a.token)).resolves.toMatchObject({ uid: 9 });
  });
});
