// The admin area's one face: operator commands on a stopped or running server's store.
export { runGroupCommand, type GroupCommandInput, type GroupSummary, type MemberSummary } from './group-command.js';
export { runUserCommand, type UserCommandInput, type UserSummary } from './user-command.js';
export { createTokenSigner, IMPORT_BATCH, type TokenSigner } from './user-import.js';
export { formatJson, formatTable, type AdminOutput } from './output.js';
