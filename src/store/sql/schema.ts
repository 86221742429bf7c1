import type { Generated } from 'kysely';

// Row shapes as the engines return them (after the drivers' number parsing). Flags are smallint 0/1
// on every engine so that no dialect needs its own boolean handling; mappers turn them into booleans.

export interface UsersTable {
  uid: Generated<number>;
  account: string;
  email: string | null;
  password_hash: string;
  nickname: string;
  avatar: string;
  created_at: number;
  updated_at: number;
}

export interface TokenVersionsTable {
  uid: number;
  device: number;
  version: number;
  updated_at: number;
}

export interface ContactsTable {
  owner: number;
  type: number;
  peer: number;
  remark: string;
  created_at: number;
}

export interface ContactRequestsTable {
  from_uid: number;
  to_uid: number;
  comment: string;
  status: number;
  created_at: number;
  updated_at: number;
}

export interface BlacklistTable {
  owner: number;
  other: number;
  created_at: number;
}

export interface SessionsTable {
  owner: number;
  type: number;
  peer: number;
  last_mid: number;
  unread: number;
  read_cursor: number;
  created_at: number;
  updated_at: number;
}

export interface ChatGroupsTable {
  gid: Generated<number>;
  name: string;
  avatar: string;
  owner_uid: number;
  mute: number;
  dissolved: number;
  allow_history: number;
  last_seq: number;
  created_at: number;
  updated_at: number;
}

export interface GroupMembersTable {
  gid: number;
  uid: number;
  role: number;
  mute: number;
  remark: string;
  joined_seq: number;
  delivered_seq: number;
  read_seq: number;
  joined_at: number;
}

export interface MessagesTable {
  mid: number;
  sender: number;
  receiver: number;
  cli_mid: string;
  cli_seq: number;
  type: number;
  content: string;
  send_at: number;
  created_at: number;
  status: number;
  recall_by: number;
  /** JSON of MessageLinks (010); null when none. */
  links: string | null;
  edit_mid: Generated<number>;
  edited_at: Generated<number>;
}

export interface InboxTable {
  uid: number;
  seq: number;
  mid: number;
}

export interface DeviceCursorsTable {
  uid: number;
  device: number;
  acked_seq: number;
  updated_at: number;
}

/** Inbox seqs a device acked above its cursor (msg/chat/offline/ack names mids out of order). */
export interface DeviceAcksTable {
  uid: number;
  device: number;
  seq: number;
}

export interface GroupMessagesTable {
  gid: number;
  seq: number;
  mid: number;
  sender: number;
  cli_mid: string | null;
  type: number;
  content: string;
  send_at: number;
  created_at: number;
  status: number;
  recall_by: number;
  /** JSON of MessageLinks (010); null when none. */
  links: string | null;
  edit_mid: Generated<number>;
  edited_at: Generated<number>;
}

/** Who a group post mentions (010): uid 0 is `@all`. */
export interface GroupMentionsTable {
  gid: number;
  uid: number;
  seq: number;
  sender: number;
}

export interface MessageRevisionsTable {
  mid: number;
  event_mid: number;
  content: string;
  created_at: number;
}

export interface MessageReactionsTable {
  mid: number;
  uid: number;
  reaction_key: string;
  is_on: number;
  event_mid: number;
  updated_at: number;
}

export interface MessagePinsTable {
  conversation: string;
  mid: number;
  by_uid: number;
  is_on: number;
  event_mid: number;
  updated_at: number;
}

export interface FilesTable {
  id: string;
  owner: number;
  sha256: string;
  name: string;
  size: number;
  type: string;
  width: number | null;
  height: number | null;
  has_thumbnail: number;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  token_versions: TokenVersionsTable;
  contacts: ContactsTable;
  contact_requests: ContactRequestsTable;
  blacklist: BlacklistTable;
  sessions: SessionsTable;
  chat_groups: ChatGroupsTable;
  group_members: GroupMembersTable;
  messages: MessagesTable;
  inbox: InboxTable;
  device_cursors: DeviceCursorsTable;
  device_acks: DeviceAcksTable;
  group_messages: GroupMessagesTable;
  group_mentions: GroupMentionsTable;
  files: FilesTable;
  message_revisions: MessageRevisionsTable;
  message_reactions: MessageReactionsTable;
  message_pins: MessagePinsTable;
  outbox: OutboxTable;
  push_endpoints: PushEndpointsTable;
  push_mutes: PushMutesTable;
  push_settings: PushSettingsTable;
  push_pending: PushPendingTable;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  dedup_key: string;
  collapse_key: string | null;
  target: string;
  route: string;
  payload: string;
  state: number;
  attempts: number;
  next_at: number;
  created_at: number;
  last_error: string;
  claim: string;
}

export interface PushEndpointsTable {
  id: Generated<number>;
  uid: number;
  device: number;
  kind: string;
  address: string;
  keys: string;
  created_at: number;
}

export interface PushMutesTable {
  uid: number;
  type: number;
  peer: number;
  created_at: number;
}

export interface PushSettingsTable {
  uid: number;
  dnd: number;
  updated_at: number;
}

export interface PushPendingTable {
  uid: number;
  type: number;
  peer: number;
  mid: number;
  seq: number;
  sender: number;
  msg_type: number;
  content: string;
  first_at: number;
  last_at: number;
  due_at: number;
  mentioned: number;
}
