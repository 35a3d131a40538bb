import { router } from './trpc.ts';
import { authRouter } from './routers/auth/router.ts';
import { programRouter } from './routers/manager/program.ts';
import { storesRouter } from './routers/manager/stores.ts';
import { keysRouter } from './routers/manager/keys.ts';
import { auditRouter } from './routers/manager/audit.ts';

/** The whole API; API.md is its contract. */
export const appRouter = router({
  auth: authRouter,
  manager: router({
    program: programRouter,
    stores: storesRouter,
    keys: keysRouter,
    audit: auditRouter,
  }),
});

export type AppRouter = typeof appRouter;
