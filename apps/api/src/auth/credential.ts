import type { Channel } from '@omniloyal/core';

export type ManagerRole = 'owner' | 'manager' | 'analyst' | 'support';

/** Who is calling, as established from a session cookie or a bearer key. */
export type Credential =
  | { kind: 'anonymous' }
  | { kind: 'shopper'; sessionId: string; programId: string; memberId: string }
  | { kind: 'manager'; sessionId: string; programId: string; managerId: string; email: string; role: ManagerRole }
  | { kind: 'terminal'; keyId: string; programId: string; storeId: string; channel: 'pos' }
  | { kind: 'integration'; keyId: string; programId: string; channel: Exclude<Channel, 'pos'> };
