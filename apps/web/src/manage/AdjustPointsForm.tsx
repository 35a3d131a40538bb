import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';

/** A manual correction with a reason; the idempotency key makes a double click post once. */
export function AdjustPointsForm({ memberId }: { memberId: string }) {
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const adjust = useMutation(
    trpc.manager.members.adjust.mutationOptions({
      onSuccess: () => {
        setPoints('');
        setReason('');
        setKey(crypto.randomUUID());
        // the balance and the ledger both changed; the ledger refetches its loaded pages from the newest
        void queryClient.invalidateQueries({ queryKey: trpc.manager.members.get.queryKey({ memberId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.manager.members.history.infiniteQueryKey({ memberId }) });
      },
    }),
  );
  const problem = apiProblem(adjust.error, ['points', 'reason']);
  const localPoints = points && !/^-?\d+$/.test(points.trim()) ? 'must be a whole number, e.g. 50 or -20' : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (localPoints) return;
    adjust.mutate({ memberId, points: Number(points), reason, idempotencyKey: key });
  };
  return (
    <section className="card" aria-labelledby="adjust-heading">
      <form className="stack-sm" onSubmit={submit} noValidate>
        <h2 id="adjust-heading">Adjust points</h2>
        <FormMessage message={problem.message} />
        {adjust.data && <FormMessage tone="success" message={`Adjusted by ${adjust.data.points}. Available now ${adjust.data.balance.available}.`} />}
        <TextField label="Points" hint="Negative to take points away" inputMode="numeric" value={points} onChange={setPoints} error={localPoints ?? problem.fields.points} />
        <TextField label="Reason" hint="The member sees it in their history" value={reason} onChange={setReason} error={problem.fields.reason} />
        <div>
          <button className="btn btn-primary" type="submit" disabled={adjust.isPending}>
            {adjust.isPending ? 'Adjusting…' : 'Adjust'}
          </button>
        </div>
      </form>
    </section>
  );
}
