import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { usePermissions } from './permissions.ts';

const EVENT_TYPES = ['points.earned', 'points.redeemed', 'points.reversed', 'points.adjusted', 'points.expired', 'points.expiring_soon', 'member.tier_changed', 'member.merged'] as const;
type EventType = (typeof EVENT_TYPES)[number];

/** Endpoints that receive signed events, their signing secret (shown once) and the delivery log. */
export function WebhooksPage() {
  const { editProgram } = usePermissions();
  const endpoints = useQuery(trpc.manager.webhooks.list.queryOptions());
  const deliveries = useQuery(trpc.manager.webhooks.deliveries.queryOptions({ limit: 20 }));
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<EventType[]>([]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.manager.webhooks.list.queryKey() });
  const create = useMutation(trpc.manager.webhooks.create.mutationOptions({ onSuccess: () => { setUrl(''); setDescription(''); setTypes([]); void refresh(); } }));
  const remove = useMutation(trpc.manager.webhooks.delete.mutationOptions({ onSuccess: () => void refresh() }));
  const problem = apiProblem(create.error, ['url', 'eventTypes', 'description']);
  const secret = create.data?.secret;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ url: url.trim(), ...(types.length ? { eventTypes: types } : {}), ...(description.trim() ? { description: description.trim() } : {}) });
  };
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p>Send ledger events to your systems, signed with the Standard Webhooks scheme.</p>
        </div>
      </div>
      <div className="grid-2">
        {editProgram && (
          <section className="card" aria-labelledby="new-webhook-heading">
            <form className="stack-sm" onSubmit={submit} noValidate>
              <h2 id="new-webhook-heading">Add an endpoint</h2>
              <FormMessage message={problem.message} />
              {secret && (
                <div className="stack-sm" role="status">
                  <strong>Signing secret — copy it now, it will not be shown again.</strong>
                  <div className="secret">{secret}</div>
                </div>
              )}
              <TextField label="URL" type="url" value={url} onChange={setUrl} error={problem.fields.url} placeholder="https://example.com/hooks/loyalty" />
              <TextField label="Description" value={description} onChange={setDescription} error={problem.fields.description} />
              <fieldset>
                <legend>Events</legend>
                <div className="row">
                  {EVENT_TYPES.map((t) => (
                    <label key={t} className="check">
                      <input type="checkbox" checked={types.includes(t)} onChange={(e) => setTypes((c) => (e.target.checked ? [...c, t] : c.filter((x) => x !== t)))} />
                      {t}
                    </label>
                  ))}
                </div>
                <div className="small muted">None ticked: every event.</div>
                {problem.fields.eventTypes && <div className="field-error" role="alert">{problem.fields.eventTypes}</div>}
              </fieldset>
              <div>
                <button className="btn btn-primary" type="submit" disabled={create.isPending}>Add endpoint</button>
              </div>
            </form>
          </section>
        )}
        <section className="card stack-sm" aria-labelledby="endpoints-heading">
          <h2 id="endpoints-heading">Endpoints</h2>
          <FormMessage message={apiProblem(endpoints.error ?? remove.error).message} />
          {endpoints.data?.length === 0 && <p className="empty">No endpoints yet.</p>}
          <ul className="stack-sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {endpoints.data?.map((e) => (
              <li key={e.id} className="card-flat stack-sm">
                <div className="row-between">
                  <code style={{ wordBreak: 'break-all' }}>{e.url}</code>
                  {editProgram && <button type="button" className="btn btn-danger btn-small" onClick={() => remove.mutate({ id: e.id })} aria-label={`Delete endpoint ${e.url}`}>Delete</button>}
                </div>
                <div className="small muted">{e.description ?? ''} · since {formatDate(e.createdAt)}</div>
                <div className="row">{(e.eventTypes.length ? e.eventTypes : ['all events']).map((t) => <span key={t} className="badge badge-grey">{t}</span>)}</div>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="card table-wrap" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Recent deliveries</h2>
        <table>
          <thead>
            <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col" className="num">Attempts</th><th scope="col">Last attempt</th></tr>
          </thead>
          <tbody>
            {deliveries.data?.items.map((d) => (
              <tr key={d.id}>
                <td><span className="badge badge-grey">{d.type}</span> <span className="small muted">{d.eventId}</span></td>
                <td><span className={`badge ${d.status === 'failed' ? 'badge-red' : d.status === 'pending' ? 'badge-amber' : ''}`}>{d.status}</span></td>
                <td className="num">{d.attempts}</td>
                <td>{d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries.data?.items.length === 0 && <p className="empty">No deliveries yet.</p>}
      </section>
    </div>
  );
}
