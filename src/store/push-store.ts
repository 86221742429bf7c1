/** A device's way to be woken up: a Web Push subscription, an FCM token, a webhook-push token. */
export interface PushEndpoint {
  id: number;
  uid: number;
  device: number;
  kind: string;
  /** The Web Push endpoint URL, or the FCM / webhook token. */
  address: string;
  /** Web Push subscription keys as JSON (`{"p256dh","auth"}`), else ''. */
  keys: string;
  createdAt: number;
}

export type NewPushEndpoint = Omit<PushEndpoint, 'id' | 'createdAt'>;

/**
 * Push endpoints and the user's push preferences. An address belongs to one user: registering it again
 * (another account signed in on the same browser) moves it. Errors as in Store.
 */
export interface PushStore {
  /** Adds or moves the endpoint (unique per kind and address); returns it as stored. */
  register(endpoint: NewPushEndpoint): Promise<PushEndpoint>;
  /** Removes `uid`'s endpoint with this address; false when it had none. */
  unregister(uid: number, kind: string, address: string): Promise<boolean>;
  /** Removes an endpoint the provider called expired or invalid. */
  remove(id: number): Promise<void>;
  get(id: number): Promise<PushEndpoint | undefined>;
  listOf(uid: number): Promise<PushEndpoint[]>;
  countOf(uid: number): Promise<number>;
  /** Users with at least one endpoint, from `afterUid` on, `limit` at a time (ascending). */
  usersWithEndpoints(afterUid: number, limit: number): Promise<number[]>;
  setMuted(uid: number, type: number, peer: number, isMuted: boolean): Promise<void>;
  isMuted(uid: number, type: number, peer: number): Promise<boolean>;
  setDoNotDisturb(uid: number, isOn: boolean): Promise<void>;
  isDoNotDisturb(uid: number): Promise<boolean>;
  /** Unread 1:1 messages plus unread group messages of `uid` (the badge). */
  unreadCount(uid: number): Promise<number>;
}
