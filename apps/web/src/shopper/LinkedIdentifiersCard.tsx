import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';

const KIND_NAMES: Record<string, string> = { email: 'Email', phone: 'Phone', card: 'Card', app: 'App', qr: 'QR' };

/** The ways a till can find this member: add a phone or a loyalty/payment card, remove one. */
export function LinkedIdentifiersCard() {
  const identifiers = useQuery(trpc.shopper.identifiers.list.queryOptions());
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'phone' | 'card'>('phone');
  const [value, setValue] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.shopper.identifiers.list.queryKey() });
  const add = useMutation(trpc.shopper.identifiers.add.mutationOptions({ onSuccess: () => { setValue(''); void refresh(); } }));
  const remove = useMutation(trpc.shopper.identifiers.remove.mutationOptions({ onSuccess: () => void refresh() }));
  const problem = apiProblem(add.error, ['value', 'kind']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ kind, value });
  };
  return (
    <section className="card stack" aria-labelledby="linked-heading">
      <h2 id="linked-heading">Linked phone and cards</h2>
      <FormMessage message={apiProblem(remove.error).message} />
      <ul className="stack-sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {identifiers.data?.map((id) => (
          <li key={id.id} className="row-between">
            <span>
              <span className="badge badge-grey">{KIND_NAMES[id.kind] ?? id.kind}</span> <span className="tabular">{id.value}</span>
            </span>
            {id.kind !== 'email' && (
              <button className="btn btn-ghost btn-small" onClick={() => remove.mutate({ id: id.id })} aria-label={`Remove ${KIND_NAMES[id.kind] ?? id.kind} ${id.value}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="stack-sm" onSubmit={submit} noValidate>
        <FormMessage message={problem.message} />
        <div className="form-grid" style={{ display: 'grid', gap: '0.75rem', gridTemplateColumns: 'minmax(110px, 1fr) 2fr' }}>
          <SelectField label="Type" value={kind} onChange={(v) => setKind(v as 'phone' | 'card')} options={[{ value: 'phone', label: 'Phone' }, { value: 'card', label: 'Card' }]} />
          <TextField label={kind === 'phone' ? 'Phone number' : 'Card number'} value={value} onChange={setValue} error={problem.fields.value} inputMode={kind === 'phone' ? 'tel' : 'text'} />
        </div>
        <button className="btn btn-secondary" type="submit" disabled={add.isPending || !value.trim()}>
          Link {kind}
        </button>
      </form>
    </section>
  );
}
