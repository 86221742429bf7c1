import type { OwnedCalls } from '../core/index.js';
import type { GroupAdmin, GroupEdit } from './group-admin.js';

/** Group management as the routes use it. */
export type GroupAdminApi = Pick<GroupAdmin, 'join' | 'invite' | 'exit' | 'remove' | 'update' | 'setRole' | 'setMute' | 'dissolve'> & {
  /** Creates a group owned by `owner` with `memberUids`; resolves with its gid. */
  create(owner: number, name: string, memberUids: readonly number[]): Promise<number>;
};

type AdminCall =
  | { op: 'announceCreated'; by: number; gid: number; uids: number[] }
  | { op: 'join'; uid: number; gid: number }
  | { op: 'invite'; by: number; gid: number; uids: number[] }
  | { op: 'exit'; uid: number; gid: number }
  | { op: 'remove'; by: number; gid: number; uids: number[] }
  | { op: 'update'; by: number; gid: number; edit: GroupEdit }
  | { op: 'setRole'; by: number; gid: number; uid: number; role: number }
  | { op: 'setMute'; by: number; gid: number; uid: number; isMuted: boolean }
  | { op: 'dissolve'; by: number; gid: number };

/**
 * Runs each change of an existing group on the node owning its gid, where its writer and state live.
 * Changes are not repeated after an unclear outcome (a timeout): adding members twice would fail the
 * second time and report an error for what succeeded. A new group is stored where it is asked (its
 * gid is not known before), and its first notice is written by the owner: a sign-in sync elsewhere may
 * already have loaded the new group there, and two writers of one sequence would clash on its seqs.
 */
export class OwnedGroupAdmin implements GroupAdminApi {
  private readonly call: (gid: number, call: AdminCall) => Promise<void>;

  constructor(
    private readonly admin: GroupAdmin,
    calls: OwnedCalls,
  ) {
    this.call = calls.define<AdminCall, void>('group.admin', 'at-most-once', (call) => this.runHere(call));
  }

  async create(owner: number, name: string, memberUids: readonly number[]): Promise<number> {
    const { gid, uids } = await this.admin.createRecord(owner, name, memberUids);
    await this.call(gid, { op: 'announceCreated', by: owner, gid, uids });
    return gid;
  }

  join(uid: number, gid: number): Promise<void> {
    return this.call(gid, { op: 'join', uid, gid });
  }

  invite(by: number, gid: number, uids: readonly number[]): Promise<void> {
    return this.call(gid, { op: 'invite', by, gid, uids: [...uids] });
  }

  exit(uid: number, gid: number): Promise<void> {
    return this.call(gid, { op: 'exit', uid, gid });
  }

  remove(by: number, gid: number, uids: readonly number[]): Promise<void> {
    return this.call(gid, { op: 'remove', by, gid, uids: [...uids] });
  }

  update(by: number, gid: number, edit: GroupEdit): Promise<void> {
    return this.call(gid, { op: 'update', by, gid, edit });
  }

  setRole(by: number, gid: number, uid: number, role: number): Promise<void> {
    return this.call(gid, { op: 'setRole', by, gid, uid, role });
  }

  setMute(by: number, gid: number, uid: number, isMuted: boolean): Promise<void> {
    return this.call(gid, { op: 'setMute', by, gid, uid, isMuted });
  }

  dissolve(by: number, gid: number): Promise<void> {
    return this.call(gid, { op: 'dissolve', by, gid });
  }

  private runHere(call: AdminCall): Promise<void> {
    const { admin } = this;
    switch (call.op) {
      case 'announceCreated':
        return admin.announceCreated(call.gid, call.by, call.uids);
      case 'join':
        return admin.join(call.uid, call.gid);
      case 'invite':
        return admin.invite(call.by, call.gid, call.uids);
      case 'exit':
        return admin.exit(call.uid, call.gid);
      case 'remove':
        return admin.remove(call.by, call.gid, call.uids);
      case 'update':
        return admin.update(call.by, call.gid, call.edit);
      case 'setRole':
        return admin.setRole(call.by, call.gid, call.uid, call.role);
      case 'setMute':
        return admin.setMute(call.by, call.gid, call.uid, call.isMuted);
      case 'dissolve':
        return admin.dissolve(call.by, call.gid);
    }
  }
}
