import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@omniloyal/api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Balances change at the till; a stale view for a few seconds is fine, a stale view forever is not.
      staleTime: 5_000,
      refetchOnWindowFocus: true,
      // Signed-out and missing data are answers, not blips worth retrying.
      retry: (count, error) => count < 2 && !(error instanceof TRPCClientError && [400, 401, 403, 404].includes(error.data?.httpStatus)),
    },
  },
});

// Same origin: the session cookie rides along; batching keeps a page load to one request.
export const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc' })] });

/** Query and mutation options for every procedure: `useQuery(trpc.shopper.account.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
