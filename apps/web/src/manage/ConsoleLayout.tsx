import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet } from 'react-router';
import { trpc } from '../trpc.ts';
import { BrandMark } from '../ui/BrandMark.tsx';
import { usePermissions } from './permissions.ts';

const NAV = [
  { to: '/manage', label: 'Analytics', end: true, program: true },
  { to: '/manage/program', label: 'Program', program: true },
  { to: '/manage/versions', label: 'Versions', program: true },
  { to: '/manage/members', label: 'Members', program: false },
  { to: '/manage/stores', label: 'Stores & keys', program: true },
  { to: '/manage/webhooks', label: 'Webhooks', program: true },
  { to: '/manage/audit', label: 'Audit log', program: true },
];

export function ConsoleLayout({ email, role }: { email: string; role: string }) {
  const queryClient = useQueryClient();
  const { readProgram } = usePermissions();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => queryClient.resetQueries() }));
  return (
    <div className="console">
      <a className="skip-link" href="#console-main">Skip to content</a>
      <aside className="console-side">
        <span className="brand">
          <BrandMark /> Omniloyal
        </span>
        <nav className="console-nav" aria-label="Console">
          {NAV.filter((item) => readProgram || !item.program).map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end ?? false}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="console-user">
          <div>{email}</div>
          <div className="row-between">
            <span className="badge badge-gold">{role}</span>
            <button className="btn btn-ghost btn-small" style={{ color: '#cfe0d8' }} onClick={() => logout.mutate()}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main id="console-main" className="console-main">
        <div className="page">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
