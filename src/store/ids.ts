/**
 * Uids and gids live in disjoint ranges: GlideIM's web client keys conversations by the bare id.
 * Gids start here (migration 002_gid_range); uids stay below it, and so below 2^31 (Java ints).
 */
export const FIRST_GID = 1_000_000_000;
export const MAX_UID = FIRST_GID - 1;
