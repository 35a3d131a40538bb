import { useCallback, useSyncExternalStore } from 'react';

export interface Reservation {
  code: string;
  rewardId: string;
  rewardName: string;
  points: number;
  expiresAt: string;
}

/**
 * The API answers a reservation once (code and expiry) and has no "my reservations" list for shoppers,
 * so the portal remembers them on this device, per member, until they expire or are cancelled.
 */
const key = (memberId: string) => `omniloyal.reservations.${memberId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: Reservation[] }>();

function read(memberId: string): Reservation[] {
  const raw = localStorage.getItem(key(memberId));
  const cached = cache.get(memberId);
  if (cached && cached.raw === raw) return cached.value;
  let value: Reservation[] = [];
  try {
    value = raw ? (JSON.parse(raw) as Reservation[]).filter((r) => new Date(r.expiresAt).getTime() > Date.now()) : [];
  } catch {
    value = [];
  }
  cache.set(memberId, { raw, value });
  return value;
}

function write(memberId: string, list: Reservation[]): void {
  localStorage.setItem(key(memberId), JSON.stringify(list));
  for (const l of listeners) l();
}

export function useReservations(memberId: string | undefined) {
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  const list = useSyncExternalStore(subscribe, () => (memberId ? read(memberId) : EMPTY));
  const add = useCallback((r: Reservation) => memberId && write(memberId, [r, ...read(memberId).filter((x) => x.code !== r.code)]), [memberId]);
  const remove = useCallback((code: string) => memberId && write(memberId, read(memberId).filter((x) => x.code !== code)), [memberId]);
  return { list, add, remove };
}
const EMPTY: Reservation[] = [];
