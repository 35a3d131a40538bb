export { buildServer, type ServerOptions } from './server.ts';
export type { AppRouter } from './root.ts';
