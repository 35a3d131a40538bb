import { router } from './trpc.ts';
import { authRouter } from './routers/auth/router.ts';
import { shopperRouter } from './routers/shopper/router.ts';
import { posRouter } from './routers/pos/router.ts';
import { integrationRouter } from './routers/integration/router.ts';
import { programRouter } from './routers/manager/program.ts';
import { membersRouter } from './routers/manager/members.ts';
import { storesRouter } from './routers/manager/stores.ts';
import { keysRouter } from './routers/manager/keys.ts';
import { auditRouter } from './routers/manager/audit.ts';
import { webhooksRouter } from './routers/manager/webhooks.ts';
import { analyticsRouter } from './routers/manager/analytics.ts';

/** The whole API; API.md is its contract. */
export const appRouter = router({
  auth: authRouter,
  shopper: shopperRouter,
  pos: posRouter,
  integration: integrationRouter,
  manager: router({
    program: programRouter,
    members: membersRouter,
    stores: storesRouter,
    keys: keysRouter,
    audit: auditRouter,
    webhooks: webhooksRouter,
    analytics: analyticsRouter,
  }),
});

export type AppRouter = typeof appRouter;
