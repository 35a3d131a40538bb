import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import { channelName, formatDate } from '../ui/format.ts';

/** Terminal and integration keys. A new key is shown once, here, and never again. */
/** The program's keys; `canEdit` (owner, manager) adds creating and revoking them. */
export function ApiKeysCard({ stores, canEdit }: { stores: { id: string; name: string }[]; canEdit: boolean }) {
  const keys = useQuery(trpc.manager.keys.list.queryOptions());
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'terminal' | 'integration'>('terminal');
  const [storeId, setStoreId] = useState('');
  const [channel, setChannel] = useState<'web' | 'app' | 'partner'>('web');
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.manager.keys.list.queryKey() });
  const create = useMutation(trpc.manager.keys.create.mutationOptions({ onSuccess: () => { setName(''); void refresh(); } }));
  const revoke = useMutation(trpc.manager.keys.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  const problem = apiProblem(create.error, ['storeId', 'channel', 'name']);
  const chosenStore = storeId || stores[0]?.id || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const named = name.trim() ? { name: name.trim() } : {};
    create.mutate(kind === 'terminal' ? { kind, storeId: chosenStore, ...named } : { kind, channel, ...named });
  };
  return (
    <section className="card stack" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      {create.data && (
        <div className="stack-sm" role="status">
          <strong>Copy this key now — it will not be shown again.</strong>
          <div className="secret" data-testid="new-key">{create.data.key}</div>
          <div>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void navigator.clipboard?.writeText(create.data.key)}>Copy key</button>
          </div>
        </div>
      )}
      {canEdit && <form className="form-grid" onSubmit={submit} noValidate style={{ alignItems: 'end' }}>
        <SelectField label="Kind" value={kind} onChange={(v) => setKind(v as 'terminal' | 'integration')} options={[{ value: 'terminal', label: 'Terminal (a store’s till)' }, { value: 'integration', label: 'Integration (online channel)' }]} />
        {kind === 'terminal' ? (
          <SelectField label="Store" value={chosenStore} onChange={setStoreId} options={stores.map((s) => ({ value: s.id, label: s.name }))} error={problem.fields.storeId} />
        ) : (
          <SelectField label="Channel" value={channel} onChange={(v) => setChannel(v as 'web' | 'app' | 'partner')} options={[{ value: 'web', label: 'Web' }, { value: 'app', label: 'App' }, { value: 'partner', label: 'Partner' }]} error={problem.fields.channel} />
        )}
        <TextField label="Label" value={name} onChange={setName} error={problem.fields.name} hint="Optional, e.g. Till 3" />
        {/* A till key needs a store: wait for the list rather than send an empty store id. */}
        <button className="btn btn-primary" type="submit" disabled={create.isPending || (kind === 'terminal' && !chosenStore)}>Create key</button>
      </form>}
      <FormMessage message={problem.message ?? apiProblem(revoke.error).message} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Key</th><th scope="col">For</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {keys.data?.map((k) => (
              <tr key={k.id}>
                <td><code>{k.prefix}…</code><div className="small muted">{k.name ?? ''}</div></td>
                <td>{k.kind === 'terminal' ? `Till · ${k.storeId}` : `Integration · ${channelName(k.channel)}`}</td>
                <td>{formatDate(k.createdAt)}</td>
                <td>{k.revokedAt ? <span className="badge badge-red">revoked</span> : <span className="badge">active</span>}</td>
                <td className="num">
                  {canEdit && !k.revokedAt && (
                    <button type="button" className="btn btn-danger btn-small" onClick={() => revoke.mutate({ id: k.id })} aria-label={`Revoke key ${k.prefix}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
