import { createContext, useContext } from 'react';

export type ManagerRole = 'owner' | 'manager' | 'analyst' | 'support';

/**
 * What the signed-in manager's role may do, as the API's procedures allow it (apps/api/src/trpc.ts:
 * managerRead, managerWrite, memberSupport). The console hides what a role may not do instead of
 * offering buttons that answer FORBIDDEN; the API stays the authority.
 */
export interface ConsolePermissions {
  /** Analytics, the program, versions, stores and keys, webhooks, the audit log (owner, manager, analyst). */
  readProgram: boolean;
  /** Save and publish the program, roll back, create stores, keys and webhooks (owner, manager). */
  editProgram: boolean;
  /** Adjust a member's points, merge members (owner, manager, support); every role reads members. */
  workOnMembers: boolean;
}

export function permissionsOf(role: ManagerRole): ConsolePermissions {
  return {
    readProgram: role !== 'support',
    editProgram: role === 'owner' || role === 'manager',
    workOnMembers: role !== 'analyst',
  };
}

export const PermissionsContext = createContext<ConsolePermissions>(permissionsOf('analyst'));

export const usePermissions = () => useContext(PermissionsContext);
