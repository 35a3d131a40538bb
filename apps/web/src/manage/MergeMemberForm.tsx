import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';

/** Folds another member (say, enrolled at a till by phone) into this one: points, lots and history move. */
export function MergeMemberForm({ intoMemberId }: { intoMemberId: string }) {
  const [fromMemberId, setFrom] = useState('');
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const merge = useMutation(
    trpc.manager.members.merge.mutationOptions({
      onSuccess: () => {
        setFrom('');
        setConfirming(false);
        void queryClient.invalidateQueries();
      },
      onError: () => setConfirming(false),
    }),
  );
  const problem = apiProblem(merge.error, ['fromMemberId', 'intoMemberId']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) return setConfirming(true);
    merge.mutate({ fromMemberId: fromMemberId.trim(), intoMemberId });
  };
  return (
    <section className="card" aria-labelledby="merge-heading">
      <form className="stack-sm" onSubmit={submit} noValidate>
        <h2 id="merge-heading">Merge a member into this one</h2>
        <FormMessage message={problem.message ?? problem.fields.intoMemberId} />
        {merge.data && <FormMessage tone="success" message={`Merged: ${merge.data.moved} points moved.`} />}
        <TextField label="Member id to merge in" value={fromMemberId} onChange={(v) => { setFrom(v); setConfirming(false); }} error={problem.fields.fromMemberId} hint="Find it with the member search" />
        {confirming && <FormMessage tone="warning" message="The other member's points, lots and history move here, and it cannot be undone. Press Merge again to confirm." />}
        <div>
          <button className={`btn ${confirming ? 'btn-danger' : 'btn-secondary'}`} type="submit" disabled={merge.isPending || !fromMemberId.trim()}>
            {merge.isPending ? 'Merging…' : confirming ? 'Merge — confirm' : 'Merge'}
          </button>
        </div>
      </form>
    </section>
  );
}
