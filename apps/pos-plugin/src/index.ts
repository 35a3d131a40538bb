// The cashier SDK for browsers and Node. `fileStorage` (Node only) is in `@omniloyal/pos-plugin/node`.
export { createPosClient, OFFLINE_RECEIPT_MESSAGE, type PosClient, type PosClientOptions, type Outcome, type PosStatus, type PosEvent } from './sdk/client.ts';
export { PosError, isPosError, type PosErrorKind } from './sdk/errors.ts';
export { memoryStorage, type QueueStorage } from './sdk/storage.ts';
export { indexedDbStorage } from './sdk/indexeddb-storage.ts';
export { replayQueue, type ReplayReport } from './sdk/queue.ts';
export { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './sdk/transport.ts';
export type * from './sdk/types.ts';
