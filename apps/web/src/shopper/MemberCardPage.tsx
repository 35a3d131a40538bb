import { useEffect } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { FormMessage } from '../ui/FormMessage.tsx';
import { apiProblem } from '../ui/api-errors.ts';
import { formatNumber } from '../ui/format.ts';

/** The member QR code for the till. Tokens are short-lived, so a fresh one is fetched before this one lapses. */
export function MemberCardPage() {
  const account = useQuery(trpc.shopper.account.queryOptions());
  const code = useMutation(trpc.shopper.memberCode.mutationOptions());
  const { mutate } = code;
  useEffect(() => mutate(), [mutate]);
  const expiresAt = code.data?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const refreshIn = Math.max(5_000, new Date(expiresAt).getTime() - Date.now() - 15_000);
    const timer = setTimeout(() => mutate(), refreshIn);
    return () => clearTimeout(timer);
  }, [expiresAt, mutate]);
  return (
    <div className="stack" style={{ maxWidth: 480, margin: '0 auto' }}>
      <h1>Scan in store</h1>
      <section className="card member-qr" aria-label="Member code">
        <p className="muted">Show this code to the barista to earn and use rewards.</p>
        {code.data ? <QrCode value={code.data.token} label="Your member QR code" /> : <div className="skeleton" style={{ width: 240, height: 240 }} />}
        <FormMessage message={apiProblem(code.error).message} />
        {account.data && (
          <div>
            <strong className="tabular">{formatNumber(account.data.balance.available)}</strong> {account.data.pointName.other} · {account.data.tier.name}
          </div>
        )}
        <button className="btn btn-ghost btn-small" onClick={() => mutate()} disabled={code.isPending}>
          Refresh code
        </button>
      </section>
    </div>
  );
}
