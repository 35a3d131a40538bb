import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { Modal } from '../ui/Modal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useReservations, type Reservation } from './reservations.ts';
import { ReservationTicket } from './ReservationTicket.tsx';

/** Rewards reserved for the store on this device: show the code at the till, or give the points back. */
export function ReservationsCard({ memberId }: { memberId: string }) {
  const { list, remove } = useReservations(memberId);
  const [shown, setShown] = useState<Reservation>();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.shopper.cancelReservation.mutationOptions({
      onSuccess: (_result, input) => {
        remove(input.code);
        void queryClient.invalidateQueries();
      },
      // A code the till already used (or that expired) is gone; forget it here too.
      onError: (error, input) => {
        if (apiProblem(error).fields.code !== undefined || /no such reservation/.test(String(error.message))) remove(input.code);
      },
    }),
  );
  if (list.length === 0) return null;
  return (
    <section className="card" aria-labelledby="reserved-heading">
      <h2 id="reserved-heading">Reserved for the store</h2>
      <FormMessage message={apiProblem(cancel.error, ['code']).message} />
      <ul className="stack-sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {list.map((r) => (
          <li key={r.code} className="row-between">
            <div>
              <strong>{r.rewardName}</strong>
              <div className="small muted">Code {r.code} · until {formatDateTime(r.expiresAt)}</div>
            </div>
            <div className="row">
              <button className="btn btn-secondary btn-small" onClick={() => setShown(r)}>Show code</button>
              <button className="btn btn-ghost btn-small" onClick={() => cancel.mutate({ code: r.code })} disabled={cancel.isPending}>
                Cancel
              </button>
            </div>
          </li>
        ))}
      </ul>
      <Modal open={shown !== undefined} onClose={() => setShown(undefined)} title={shown?.rewardName ?? 'Reservation'}>
        {shown && <ReservationTicket reservation={shown} />}
        <button className="btn btn-primary" onClick={() => setShown(undefined)}>Done</button>
      </Modal>
    </section>
  );
}
