import { DEVICE_POLICY, type DevicePolicy } from './types.js';

/** Device kinds GlideIM clients send. Other positive integers are allowed and form their own class. */
export const DEVICE = {
  android: 1,
  web: 2,
  guest: 3,
  ios: 4,
  desktop: 5,
  bot: 6,
} as const;
export type KnownDevice = (typeof DEVICE)[keyof typeof DEVICE];

/** Platform classes for the `platform` policy. */
export const PLATFORM = {
  mobile: 'mobile',
  web: 'web',
  desktop: 'desktop',
  bot: 'bot',
} as const;
export type Platform = (typeof PLATFORM)[keyof typeof PLATFORM];

const PLATFORM_OF: Readonly<Record<number, Platform>> = {
  [DEVICE.android]: PLATFORM.mobile,
  [DEVICE.ios]: PLATFORM.mobile,
  [DEVICE.web]: PLATFORM.web,
  [DEVICE.guest]: PLATFORM.web,
  [DEVICE.desktop]: PLATFORM.desktop,
  [DEVICE.bot]: PLATFORM.bot,
};

/** The platform class of a device; an unknown kind is a class of its own (`device:<n>`). */
export function platformOf(device: number): string {
  return PLATFORM_OF[device] ?? `device:${device}`;
}

/**
 * Connections of one uid with the same key conflict: the newer one kicks the older.
 * Undefined means nothing conflicts (policy `none`).
 */
export function conflictKey(policy: DevicePolicy, device: number): string | undefined {
  switch (policy) {
    case DEVICE_POLICY.device:
      return `device:${device}`;
    case DEVICE_POLICY.platform:
      return platformOf(device);
    case DEVICE_POLICY.none:
      return undefined;
  }
}

/** Whether a new sign-in of `incomingDevice` must kick an existing connection of the same uid on `existingDevice`. */
export function shouldKick(policy: DevicePolicy, existingDevice: number, incomingDevice: number): boolean {
  const key = conflictKey(policy, incomingDevice);
  return key !== undefined && key === conflictKey(policy, existingDevice);
}
