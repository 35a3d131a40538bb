export { createDb, migrateToLatest, dbKind, pgliteOf, openPglite, defaultDataDir } from './db.ts';
export type { Db, DbKind, CreateDbOptions } from './db.ts';
export type { Database } from './schema/index.ts';
export type * from './schema/ledger-tables.ts';
export { parseSafeInteger } from './safe-integer.ts';

export { LedgerError, isLedgerErrorCode, type LedgerErrorCode } from './errors.ts';
export type { Balance, Receipt } from './post/request.ts';
export { earn, earnBatch, prepareEarn, earnInput, type EarnInput, type EarnReceipt, type EarnBatchResult } from './post/earn.ts';
export { redeem, redeemInput, type RedeemInput, type RedeemReceipt } from './post/redeem.ts';
export {
  hold, capture, release, releaseExpiredHolds, redeemExpiredHold, holdInput, captureInput, releaseInput,
  type HoldInput, type HoldReceipt, type CaptureInput, type ReleaseInput, type EndHoldReceipt,
} from './post/holds.ts';
export { reverse, reverseInput, refundPolicies, type RefundPolicy, type ReverseInput, type ReverseReceipt } from './post/reverse.ts';
export { adjust, adjustInput, type AdjustInput, type AdjustReceipt } from './post/adjust.ts';
export { merge, mergeInput, type MergeInput, type MergeReceipt } from './post/merge.ts';
export { expireDue, releasePending, type BatchJobInput } from './post/jobs.ts';
export {
  createProgram, createMember, getMember, findMemberByIdentifier, findMemberIdByIdentifier, addIdentifier, removeIdentifier, normalizeIdentifier,
  identifierKinds, createProgramInput, createMemberInput,
  type Program, type Member, type CreateProgramInput, type CreateMemberInput, type IdentifierInput, type AddIdentifierInput,
} from './members.ts';
export {
  getBalance, memberHistory, openLots, expiringPoints, getHold, transactionsForOrder, programTotals,
  type HistoryItem, type OpenLot, type HoldView, type TransactionView, type ProgramTotals,
} from './reads.ts';
export { verify, type VerifyReport, type MemberDifference, type BalanceField } from './verify.ts';
export { inTransaction } from './transaction.ts';
export { requestHash, callLedgerJson } from './post/request.ts';
export { createReplicatedDb, replicaRouting, type ReplicatedDb, type ReplicatedDbOptions } from './replicas.ts';
export { GroupCommit, groupPer, type GroupAnswer, type GroupCommitOptions } from './group-commit.ts';
export { poolOf } from './db.ts';
