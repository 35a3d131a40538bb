import { useQuery } from '@tanstack/react-query';
import { Navigate, Route, Routes } from 'react-router';
import { trpc } from '../trpc.ts';
import { PageLoading } from '../ui/PageLoading.tsx';
import { ConsoleLayout } from './ConsoleLayout.tsx';
import { ManagerSignIn } from './ManagerSignIn.tsx';
import { AnalyticsPage } from './AnalyticsPage.tsx';
import { ProgramEditorPage } from './ProgramEditorPage.tsx';
import { VersionsPage } from './VersionsPage.tsx';
import { MembersPage } from './MembersPage.tsx';
import { MemberPage } from './MemberPage.tsx';
import { StoresPage } from './StoresPage.tsx';
import { WebhooksPage } from './WebhooksPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import { PermissionsContext, permissionsOf } from './permissions.ts';
import '../ui/console.css';

/** The manager console at /manage: one lazy chunk with everything a program manager uses. */
export default function ManagerConsole() {
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <PageLoading label="Opening the console" />;
  if (me.data?.kind !== 'manager') return <ManagerSignIn signedInAsShopper={me.data?.kind === 'shopper'} />;
  const permissions = permissionsOf(me.data.role);
  // support works on members only: its console is the members pages
  const home = permissions.readProgram ? '/manage' : '/manage/members';
  return (
    <PermissionsContext.Provider value={permissions}>
      <Routes>
        <Route element={<ConsoleLayout email={me.data.email} role={me.data.role} />}>
          {permissions.readProgram ? (
            <>
              <Route index element={<AnalyticsPage />} />
              <Route path="program" element={<ProgramEditorPage />} />
              <Route path="versions" element={<VersionsPage />} />
              <Route path="stores" element={<StoresPage />} />
              <Route path="webhooks" element={<WebhooksPage />} />
              <Route path="audit" element={<AuditPage />} />
            </>
          ) : (
            <Route index element={<Navigate to={home} replace />} />
          )}
          <Route path="members" element={<MembersPage />} />
          <Route path="members/:memberId" element={<MemberPage />} />
          <Route path="*" element={<Navigate to={home} replace />} />
        </Route>
      </Routes>
    </PermissionsContext.Provider>
  );
}
