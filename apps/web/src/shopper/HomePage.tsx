import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { PageLoading } from '../ui/PageLoading.tsx';
import { FormMessage } from '../ui/FormMessage.tsx';
import { apiProblem } from '../ui/api-errors.ts';
import { BalanceCard } from './BalanceCard.tsx';
import { TierProgressCard } from './TierProgressCard.tsx';
import { ExpiringCard } from './ExpiringCard.tsx';
import { RecentActivityCard } from './RecentActivityCard.tsx';
import { ReservationsCard } from './ReservationsCard.tsx';

export function HomePage() {
  const account = useQuery(trpc.shopper.account.queryOptions());
  if (account.isPending) return <PageLoading label="Loading your balance" />;
  if (account.isError) return <FormMessage message={apiProblem(account.error).message} />;
  const a = account.data;
  return (
    <div className="dashboard">
      <BalanceCard name={a.name} balance={a.balance} tier={a.tier} pointName={a.pointName} />
      <TierProgressCard tier={a.tier} nextReward={a.nextReward} available={a.balance.available} pointName={a.pointName} />
      <ReservationsCard memberId={a.memberId} />
      <ExpiringCard expiring={a.expiring} pointName={a.pointName} />
      <div className="span-2">
        <RecentActivityCard />
      </div>
    </div>
  );
}
