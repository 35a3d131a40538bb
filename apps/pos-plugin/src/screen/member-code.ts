import type { IdentifyInput } from '../sdk/types.ts';

/**
 * The ways to read what the cashier typed or scanned, most likely first; the screen tries them in
 * order until one finds a member. A keyboard-wedge scanner types the app's QR token (`mc_…`) or a card.
 */
export function identifyAttempts(raw: string): IdentifyInput[] {
  const value = raw.trim();
  if (!value) return [];
  if (value.includes('@')) return [{ by: 'email', value }];
  if (/^mc_/i.test(value)) return [{ by: 'qr', value }];
  const digits = value.replace(/[\s().-]/g, '');
  if (/^\+\d{7,15}$/.test(digits)) return [{ by: 'phone', value: digits }];
  if (/^\d{10}$/.test(digits)) return [{ by: 'phone', value: `+1${digits}` }, { by: 'phone', value: digits }, { by: 'card', value: digits }];
  if (/^\d{7,15}$/.test(digits)) return [{ by: 'card', value: digits }, { by: 'phone', value: digits }];
  return [{ by: 'card', value }, { by: 'qr', value }];
}

/** What the till can enrol a member with when nobody was found. */
export function enrollmentFrom(raw: string): { phone?: string; email?: string } | undefined {
  const value = raw.trim();
  if (value.includes('@')) return { email: value };
  const digits = value.replace(/[\s().-]/g, '');
  if (/^\+\d{7,15}$/.test(digits)) return { phone: digits };
  if (/^\d{10}$/.test(digits)) return { phone: `+1${digits}` };
  return undefined;
}
