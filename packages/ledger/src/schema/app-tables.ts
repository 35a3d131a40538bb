/** Tables the API keeps beside the ledger: credentials, sessions, stores, orders, audit log. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppTables {}
