import { describe, expect, it } from 'vitest';
import { conflictKey, DEVICE, platformOf, shouldKick } from './device-policy.js';
import type { DevicePolicy } from './types.js';

const { android, web, guest, ios, desktop, bot } = DEVICE;

describe('device policy', () => {
  it.each<[DevicePolicy, number, number, boolean]>([
    // one connection per (uid, device)
    ['device', android, android, true],
    ['device', web, web, true],
    ['device', 7, 7, true],
    ['device', android, ios, false],
    ['device', web, guest, false],
    ['device', desktop, web, false],
    // one per platform class
    ['platform', android, ios, true],
    ['platform', ios, android, true],
    ['platform', web, guest, true],
    ['platform', desktop, desktop, true],
    ['platform', bot, bot, true],
    ['platform', 7, 7, true],
    ['platform', android, web, false],
    ['platform', desktop, bot, false],
    ['platform', 7, 8, false],
    ['platform', 7, desktop, false],
    // never kick
    ['none', android, android, false],
    ['none', web, guest, false],
  ])('%s policy: existing %i, new %i, kick = %s', (policy, existing, incoming, expected) => {
    expect(shouldKick(policy, existing, incoming)).toBe(expected);
  });

  it('groups devices into platform classes, unknown kinds each alone', () => {
    expect([android, ios].map(platformOf)).toEqual(['mobile', 'mobile']);
    expect([web, guest].map(platformOf)).toEqual(['web', 'web']);
    expect(platformOf(desktop)).toBe('desktop');
    expect(platformOf(bot)).toBe('bot');
    expect(platformOf(99)).toBe('device:99');
  });

  it('has no conflict key under the none policy', () => {
    expect(conflictKey('none', android)).toBeUndefined();
    expect(conflictKey('device', android)).toBe('device:1');
    expect(conflictKey('platform', ios)).toBe('mobile');
  });
});
