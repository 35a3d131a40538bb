import { useCallback, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';

export interface Reservation {
  code: string;
  rewardId: string;
  rewardName: string;
  points: number;
  expiresAt: string;
}

/**
 * The member's live reservations, from the API (`shopper.reservations`), so every device shows the
 * same codes. `add` and `remove` refresh the list after a reservation is made or cancelled.
 */
export function useReservations(memberId: string | undefined) {
  const queryClient = useQueryClient();
  const query = useQuery({ ...trpc.shopper.reservations.queryOptions(), enabled: memberId !== undefined });
  const list = useMemo<Reservation[]>(
    () =>
      (query.data ?? []).map((r) => ({ code: r.code, rewardId: r.rewardId ?? '', rewardName: r.name ?? '', points: r.points, expiresAt: r.expiresAt })),
    [query.data],
  );
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.shopper.reservations.queryKey() }), [queryClient]);
  const add = useCallback((_reservation: Reservation) => void refresh(), [refresh]);
  const remove = useCallback((_code: string) => void refresh(), [refresh]);
  return { list, add, remove };
}
