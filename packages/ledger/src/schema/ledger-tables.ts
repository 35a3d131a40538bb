/** Tables of the ledger itself: programs, members, accounts, transactions, entries, lots, holds, outbox. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LedgerTables {}
