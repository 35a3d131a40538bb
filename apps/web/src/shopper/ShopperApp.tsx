import { useQuery } from '@tanstack/react-query';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { trpc } from '../trpc.ts';
import { PageLoading } from '../ui/PageLoading.tsx';
import { SignInPage } from './SignInPage.tsx';
import { SignUpPage } from './SignUpPage.tsx';
import { ShopperLayout } from './ShopperLayout.tsx';
import { HomePage } from './HomePage.tsx';
import { HistoryPage } from './HistoryPage.tsx';
import { RewardsPage } from './RewardsPage.tsx';
import { MemberCardPage } from './MemberCardPage.tsx';
import { AccountPage } from './AccountPage.tsx';
import '../ui/shopper.css';

/** The shopper portal: public sign-in and sign-up, everything else behind a shopper session. */
export function ShopperApp() {
  const me = useQuery(trpc.auth.me.queryOptions());
  const location = useLocation();
  if (me.isPending) return <PageLoading label="Opening your rewards" />;
  const signedIn = me.data?.kind === 'shopper';
  const publicPage = location.pathname === '/signin' || location.pathname === '/signup';
  if (!signedIn && !publicPage) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  if (signedIn && publicPage) return <Navigate to="/" replace />;
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/signup" element={<SignUpPage />} />
      <Route element={<ShopperLayout />}>
        <Route index element={<HomePage />} />
        <Route path="history" element={<HistoryPage />} />
        <Route path="rewards" element={<RewardsPage />} />
        <Route path="card" element={<MemberCardPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
