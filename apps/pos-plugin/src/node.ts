// Node-only parts of the SDK (they use node:fs); the browser bundle never imports this file.
export { fileStorage, type FileStorageOptions } from './sdk/file-storage.ts';
export * from './index.ts';
