/** "Ada Lovelace" → "Ada L.": enough for a cashier to greet, not enough to identify from a screen. */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const [first, ...rest] = name.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last[0]!.toUpperCase()}.` : (first ?? null);
}
