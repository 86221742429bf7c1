import type { GlideApi } from '../client/index.js';

/**
 * Subscribes this browser to Web Push when the server offers it and the user allows notifications:
 * registers the service worker (public/sw.js), subscribes with the server's VAPID key and registers the
 * subscription for the signed-in user. Quietly does nothing where push is not available.
 */
export async function subscribeToPush(api: GlideApi): Promise<void> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return;
  const { kinds, vapidPublicKey } = await api.push.config();
  if (!kinds.includes('webpush') || vapidPublicKey === '') return;
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') return;
  const registration = await navigator.serviceWorker.register('./sw.js');
  const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(vapidPublicKey) }));
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth) return;
  await api.push.register({ kind: 'webpush', endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
