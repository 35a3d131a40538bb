import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { trpc } from '../trpc.ts';
import { Kpi } from './Kpi.tsx';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { PageLoading } from '../ui/PageLoading.tsx';
import { channelName, formatDate, formatDateTime, formatNumber, formatPointsChange, formatSignedPoints } from '../ui/format.ts';
import { AdjustPointsForm } from './AdjustPointsForm.tsx';
import { MergeMemberForm } from './MergeMemberForm.tsx';
import { usePermissions } from './permissions.ts';

/**
 * One member: balances, identifiers, open lots and holds, and the ledger with the rules behind each change,
 * newest first, 50 entries a page: older pages load on demand, so a support agent can explain any change.
 */
export function MemberPage() {
  const { memberId = '' } = useParams();
  const { workOnMembers } = usePermissions();
  const member = useQuery(trpc.manager.members.get.queryOptions({ memberId }));
  // the ledger pages on their own: loading older entries reads those entries, not the member again
  const history = useInfiniteQuery(trpc.manager.members.history.infiniteQueryOptions({ memberId }, { getNextPageParam: (page) => page.nextCursor }));
  if (member.isPending || history.isPending) return <PageLoading label="Loading the member" />;
  if (member.isError) return <FormMessage message={apiProblem(member.error).message} />;
  if (history.isError) return <FormMessage message={apiProblem(history.error).message} />;
  const m = member.data;
  const ledger = history.data.pages.flatMap((page) => page.items);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p><Link to="/manage/members">Members</Link></p>
          <h1>{m.name ?? 'Unnamed member'}</h1>
          <p>
            {m.memberId} · enrolled {formatDate(m.enrolledAt)} {m.birthday && `· birthday ${m.birthday}`}
          </p>
          {m.requestedId !== m.memberId && <FormMessage tone="warning" message={`Member ${m.requestedId} was merged into this member.`} />}
        </div>
        <span className="badge badge-gold" style={{ fontSize: '0.9rem' }}>{m.tier.name}</span>
      </div>
      <div className="grid-3">
        <Kpi label="Available" value={formatNumber(m.balance.available)} />
        <Kpi label="Pending" value={formatNumber(m.balance.pending)} />
        <Kpi label="Held" value={formatNumber(m.balance.held)} />
        <Kpi label="Qualifying points" value={formatNumber(m.tier.qualifyingPoints)} sub={m.tier.nextTier ? `${formatNumber(m.tier.pointsToNextTier ?? 0)} to ${m.tier.nextTier.name}` : 'Top tier'} />
      </div>
      <div className="grid-2">
        <section className="card stack-sm" aria-labelledby="ids-heading">
          <h2 id="ids-heading">Identifiers</h2>
          <ul className="stack-sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {m.identifiers.map((id) => (
              <li key={id.id}><span className="badge badge-grey">{id.kind}</span> {id.value}</li>
            ))}
          </ul>
          {m.mergedMembers.length > 0 && (
            <p className="small muted">Merged in: {m.mergedMembers.map((x) => x.name ?? x.id).join(', ')}</p>
          )}
          {m.tags.length > 0 && <p className="small">Tags: {m.tags.join(', ')}</p>}
        </section>
        <section className="card stack-sm" aria-labelledby="lots-heading">
          <h2 id="lots-heading">Open lots and holds</h2>
          <table>
            <thead>
              <tr><th scope="col">Lot</th><th scope="col" className="num">Remaining</th><th scope="col">Expires</th></tr>
            </thead>
            <tbody>
              {m.lots.map((lot) => (
                <tr key={lot.lotId}>
                  <td>#{lot.lotId} {lot.pending && <span className="badge badge-amber">pending until {formatDate(lot.availableAt)}</span>}</td>
                  <td className="num">{formatNumber(lot.remaining)} / {formatNumber(lot.amount)}</td>
                  <td>{lot.expiresAt ? formatDate(lot.expiresAt) : 'never'}</td>
                </tr>
              ))}
              {m.holds.map((h) => (
                <tr key={h.holdId}>
                  <td>Hold {h.code ?? ''} <span className="badge badge-grey">{h.rewardId ?? 'points'}</span></td>
                  <td className="num">{formatNumber(h.points)}</td>
                  <td>releases {formatDateTime(h.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {m.lots.length === 0 && m.holds.length === 0 && <p className="muted small">No open points.</p>}
        </section>
      </div>
      {workOnMembers && (
        <div className="grid-2">
          <AdjustPointsForm memberId={m.memberId} />
          <MergeMemberForm intoMemberId={m.memberId} />
        </div>
      )}
      <section className="card table-wrap" aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Ledger</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Where</th>
              <th scope="col">Explanation</th>
              <th scope="col" className="num">Points</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((item) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.at)}</td>
                <td>
                  <span className="badge badge-grey">{item.kind}</span>
                  <div>{item.reason}</div>
                  {item.orderId && <div className="small muted">order {item.orderId}</div>}
                </td>
                <td>{channelName(item.channel)}{item.storeId ? ` · ${item.storeId}` : ''}</td>
                <td className="small">
                  {item.rules.length > 0 ? (
                    <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                      {item.rules.map((r) => (
                        <li key={r.ruleId}>{r.name} <code>{r.ruleId}</code>: {formatSignedPoints(r.points)}</li>
                      ))}
                    </ul>
                  ) : '—'}
                  {item.ruleVersion !== null && <div className="muted">rules v{item.ruleVersion}</div>}
                </td>
                <td className="num"><strong>{formatPointsChange(item)}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
        {ledger.length === 0 && <p className="empty">No ledger activity yet.</p>}
        {history.hasNextPage && (
          <button type="button" className="btn btn-ghost btn-block" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
            {history.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        )}
      </section>
    </div>
  );
}
