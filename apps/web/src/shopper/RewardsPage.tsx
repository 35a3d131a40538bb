import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { PageLoading } from '../ui/PageLoading.tsx';
import { Modal } from '../ui/Modal.tsx';
import { formatNumber } from '../ui/format.ts';
import { RewardCard } from './RewardCard.tsx';
import { ReservationTicket } from './ReservationTicket.tsx';
import { useReservations, type Reservation } from './reservations.ts';

export function RewardsPage() {
  const account = useQuery(trpc.shopper.account.queryOptions());
  const rewards = useQuery(trpc.shopper.rewards.queryOptions());
  const { add } = useReservations(account.data?.memberId);
  const [reserved, setReserved] = useState<Reservation>();
  const queryClient = useQueryClient();
  const reserve = useMutation(
    trpc.shopper.reserveReward.mutationOptions({
      onSuccess: (result) => {
        const reward = rewards.data?.find((r) => r.rewardId === result.rewardId);
        const reservation = { code: result.code, rewardId: result.rewardId, rewardName: reward?.name ?? result.rewardId, points: result.points, expiresAt: result.expiresAt };
        add(reservation);
        setReserved(reservation);
        void queryClient.invalidateQueries();
      },
    }),
  );
  if (rewards.isPending || account.isPending) return <PageLoading label="Loading rewards" />;
  if (rewards.isError) return <FormMessage message={apiProblem(rewards.error).message} />;
  const pointName = account.data?.pointName ?? { one: 'point', other: 'points' };
  const problem = apiProblem(reserve.error, ['rewardId']);
  return (
    <div className="stack">
      <div className="row-between">
        <h1>Rewards</h1>
        {account.data && (
          <span className="badge" data-testid="rewards-available">
            {formatNumber(account.data.balance.available)} {pointName.other} available
          </span>
        )}
      </div>
      <p className="muted">Reserve a reward for the store and show the code at the till. We hold the {pointName.other} for 48 hours.</p>
      <FormMessage message={problem.message ?? problem.fields.rewardId} />
      <div className="reward-grid">
        {rewards.data.map((reward) => (
          <RewardCard
            key={reward.rewardId}
            reward={reward}
            pointName={pointName}
            reserving={reserve.isPending && reserve.variables?.rewardId === reward.rewardId}
            onReserve={() => reserve.mutate({ rewardId: reward.rewardId, idempotencyKey: crypto.randomUUID() })}
          />
        ))}
      </div>
      <Modal open={reserved !== undefined} onClose={() => setReserved(undefined)} title="Reserved for the store">
        {reserved && <ReservationTicket reservation={reserved} />}
        <button className="btn btn-primary" onClick={() => setReserved(undefined)}>Done</button>
      </Modal>
    </div>
  );
}
