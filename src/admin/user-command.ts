import { DEVICE, PasswordHasher } from '../auth/index.js';
import type { Store, User } from '../store/index.js';
import { formatJson, formatTable, formatTime, type AdminOutput } from './output.js';
import { importUsers, type TokenSigner } from './user-import.js';

/** Operators' passwords: at least 8 characters (the minimum the accounts policy asks of new passwords). */
const MIN_PASSWORD_LENGTH = 8;
/** Marks a disabled account's hash; a hash that does not parse never verifies, so sign-in fails. */
const DISABLED_PREFIX = '!disabled!';
const PAGE_SIZE = 500;

export interface UserCommandInput {
  store: Store;
  output: AdminOutput;
  /** list, create, disable, reset-password or import, then the account, uid or file. */
  args: readonly string[];
  isJson: boolean;
  nickname: string | undefined;
  /** The new password (create, reset-password); read from standard input by the caller. */
  readPassword: () => Promise<string>;
  /** import --tokens: where to write a sign-in token per imported user, for which device, signed how. */
  tokensFile?: string | undefined;
  tokenDevice?: number | undefined;
  signToken?: () => Promise<TokenSigner>;
}

/** What `user list --json` prints per user: never the hash. */
export interface UserSummary {
  uid: number;
  account: string;
  nickname: string;
  email: string | null;
  isDisabled: boolean;
  createdAt: string;
}

function summary(user: User): UserSummary {
  return { uid: user.uid, account: user.account, nickname: user.nickname, email: user.email, isDisabled: user.passwordHash.startsWith(DISABLED_PREFIX), createdAt: formatTime(user.createdAt) };
}

async function findUser(store: Store, key: string): Promise<User | undefined> {
  return (await store.users.getByAccount(key)) ?? (/^\d+$/.test(key) ? store.users.get(Number(key)) : undefined);
}

async function newPasswordHash(input: UserCommandInput): Promise<string | undefined> {
  const password = await input.readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    input.output.err(`glide: the password (read from standard input) must have at least ${MIN_PASSWORD_LENGTH} characters\n`);
    return undefined;
  }
  return new PasswordHasher().hash(password);
}

/** Every token of the user stops verifying: the server reads token versions from the store on every check. */
async function revokeAllDevices(store: Store, uid: number): Promise<void> {
  for (const device of Object.values(DEVICE)) await store.users.bumpTokenVersion(uid, device);
}

/** `glide user …`; resolves with the exit code. */
export async function runUserCommand(input: UserCommandInput): Promise<number> {
  const { store, output, isJson } = input;
  const [action, key] = input.args;
  if (action === 'list') {
    const users: UserSummary[] = [];
    for (let after = 0; ; ) {
      const page = await store.users.list(after, PAGE_SIZE);
      users.push(...page.map(summary));
      if (page.length < PAGE_SIZE) break;
      after = page[page.length - 1]?.uid ?? after;
    }
    output.out(isJson ? formatJson(users) : formatTable(['UID', 'ACCOUNT', 'NICKNAME', 'EMAIL', 'DISABLED', 'CREATED'], users.map((u) => [String(u.uid), u.account, u.nickname, u.email ?? '', u.isDisabled ? 'yes' : '', u.createdAt])));
    return 0;
  }
  if (action === undefined || key === undefined || !['create', 'disable', 'reset-password', 'import'].includes(action)) {
    output.err('glide: expected user list, user create <account>, user disable <account|uid>, user reset-password <account|uid> or user import <file.jsonl|file.csv>\nRun "glide help user" for usage.\n');
    return 2;
  }
  if (action === 'import') {
    return importUsers(store, output, isJson, { file: key, tokensFile: input.tokensFile, tokenDevice: input.tokenDevice ?? DEVICE.web, signToken: input.signToken });
  }
  if (action === 'create') {
    if (await store.users.getByAccount(key)) {
      output.err(`glide: account "${key}" already exists\n`);
      return 1;
    }
    const passwordHash = await newPasswordHash(input);
    if (passwordHash === undefined) return 1;
    const user = await store.users.create({ account: key, passwordHash, nickname: input.nickname ?? key, avatar: '', email: null });
    output.out(isJson ? formatJson(summary(user)) : `created user ${user.uid} (${user.account})\n`);
    return 0;
  }
  const user = await findUser(store, key);
  if (!user) {
    output.err(`glide: no user "${key}"\n`);
    return 1;
  }
  if (action === 'disable') {
    const passwordHash = user.passwordHash.startsWith(DISABLED_PREFIX) ? user.passwordHash : `${DISABLED_PREFIX}${user.passwordHash}`;
    const updated = await store.users.updateProfile(user.uid, { passwordHash });
    await revokeAllDevices(store, user.uid);
    output.out(isJson ? formatJson(summary(updated)) : `disabled user ${user.uid} (${user.account}): sign-in refused, every token revoked\n`);
    return 0;
  }
  const passwordHash = await newPasswordHash(input);
  if (passwordHash === undefined) return 1;
  const updated = await store.users.updateProfile(user.uid, { passwordHash });
  await revokeAllDevices(store, user.uid);
  output.out(isJson ? formatJson(summary(updated)) : `new password for user ${user.uid} (${user.account}); its old tokens are revoked\n`);
  return 0;
}
