export { GroupAdmin, type GroupAdminDeps, type GroupEdit } from './group-admin.js';
export { GroupService, type GroupServiceDeps, type GroupSettings } from './group-service.js';
export { GroupDirectory, GroupState, type MemberState } from './group-state.js';
export { GroupWriter, NOTICE_CONTENT_TYPE, MAX_GROUP_BATCH, type GroupWrite, type GroupWriteResult, type NoticeBody } from './group-writer.js';
export { GroupFanout } from './group-fanout.js';
export { OwnedGroupAdmin, type GroupAdminApi } from './owned-admin.js';
export { createGroupMetrics, type GroupMetrics } from './group-metrics.js';
export { groupEnvelope, groupMessageResponse } from './envelopes.js';
export { mountReceipts } from './receipt-routes.js';
