import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { LinkedIdentifiersCard } from './LinkedIdentifiersCard.tsx';

export function AccountPage() {
  const me = useQuery(trpc.auth.me.queryOptions());
  const queryClient = useQueryClient();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => queryClient.resetQueries() }));
  const profile = me.data?.kind === 'shopper' ? me.data : undefined;
  return (
    <div className="stack" style={{ maxWidth: 640 }}>
      <h1>Account</h1>
      <section className="card stack-sm" aria-label="Profile">
        <strong>{profile?.name ?? 'Member'}</strong>
        <span className="muted">{profile?.email}</span>
        <span className="small muted">Member number {profile?.memberId.slice(0, 8).toUpperCase()}</span>
      </section>
      <LinkedIdentifiersCard />
      <button className="btn btn-secondary" onClick={() => logout.mutate()} disabled={logout.isPending}>
        Sign out
      </button>
    </div>
  );
}
