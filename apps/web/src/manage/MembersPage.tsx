import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';
import { channelName, formatDate, formatNumber } from '../ui/format.ts';

/** Find a member by email, phone, card, member id or part of a name; the query lives in the URL. */
export function MembersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const results = useQuery({ ...trpc.manager.members.search.queryOptions({ q }), enabled: q.length > 0 });
  const problem = apiProblem(results.error, ['q']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Members</h1>
          <p>Search by email, phone, card number, member id or name.</p>
        </div>
      </div>
      <form className="card row" onSubmit={submit} role="search" style={{ alignItems: 'flex-end' }}>
        <div style={{ flex: 1, minWidth: 240 }}>
          <TextField label="Search members" type="search" value={text} onChange={setText} error={problem.fields.q} placeholder="ada@example.com, +1 206…, name" />
        </div>
        <button className="btn btn-primary" type="submit">Search</button>
      </form>
      <FormMessage message={problem.message} />
      {results.data && (
        <section className="card table-wrap" aria-label="Search results">
          {results.data.length === 0 ? (
            <p className="empty">No member matches “{q}”.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col" className="num">Available</th>
                  <th scope="col" className="num">Pending</th>
                  <th scope="col" className="num">Held</th>
                </tr>
              </thead>
              <tbody>
                {results.data.map((m) => (
                  <tr key={m.memberId}>
                    <td>
                      <Link to={`/manage/members/${m.memberId}`}>{m.name ?? 'Unnamed member'}</Link>
                      <div className="small muted">{m.memberId}</div>
                      {m.status !== 'active' && <span className="badge badge-grey">{m.status}</span>}
                    </td>
                    <td><span className="badge">{m.tierId ?? '—'}</span></td>
                    <td>{formatDate(m.enrolledAt)} · {channelName(m.enrolledChannel)}</td>
                    <td className="num">{formatNumber(m.balance.available)}</td>
                    <td className="num">{formatNumber(m.balance.pending)}</td>
                    <td className="num">{formatNumber(m.balance.held)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
