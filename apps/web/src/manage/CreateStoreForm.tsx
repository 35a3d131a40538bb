import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';

export function CreateStoreForm() {
  const [form, setForm] = useState({ id: '', name: '', timeZone: '', address: '' });
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.manager.stores.create.mutationOptions({
      onSuccess: () => {
        setForm({ id: '', name: '', timeZone: '', address: '' });
        void queryClient.invalidateQueries({ queryKey: trpc.manager.stores.list.queryKey() });
      },
    }),
  );
  const problem = apiProblem(create.error, ['id', 'name', 'timeZone', 'address']);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const localId = form.id && !/^[a-z0-9][a-z0-9-]*$/.test(form.id) ? 'use lowercase letters, digits and dashes' : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (localId) return;
    create.mutate({
      id: form.id,
      name: form.name,
      ...(form.timeZone.trim() ? { timeZone: form.timeZone.trim() } : {}),
      ...(form.address.trim() ? { address: form.address.trim() } : {}),
    });
  };
  return (
    <section className="card" aria-labelledby="new-store-heading">
      <form className="stack-sm" onSubmit={submit} noValidate>
        <h2 id="new-store-heading">Add a store</h2>
        <FormMessage message={problem.message} />
        {create.data && <FormMessage tone="success" message={`Store ${create.data.name} added.`} />}
        <div className="form-grid">
          <TextField label="Store id" value={form.id} onChange={set('id')} error={localId ?? problem.fields.id} hint="e.g. seattle-pike-place" />
          <TextField label="Name" value={form.name} onChange={set('name')} error={problem.fields.name} />
          <TextField label="Time zone" value={form.timeZone} onChange={set('timeZone')} error={problem.fields.timeZone} hint="Optional, e.g. America/Los_Angeles" />
          <TextField label="Address" value={form.address} onChange={set('address')} error={problem.fields.address} />
        </div>
        <div>
          <button className="btn btn-primary" type="submit" disabled={create.isPending}>Add store</button>
        </div>
      </form>
    </section>
  );
}
