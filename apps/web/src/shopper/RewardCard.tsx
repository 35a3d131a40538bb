import { Icon } from '../ui/Icon.tsx';
import { channelName, formatNumber } from '../ui/format.ts';

export interface CatalogReward {
  rewardId: string;
  name: string;
  description: string | null;
  points: number;
  channels: string[];
  affordable: boolean;
  reservable: boolean;
  reason?: string | undefined;
}

export function RewardCard({ reward, pointName, reserving, onReserve }: { reward: CatalogReward; pointName: { one: string; other: string }; reserving: boolean; onReserve: () => void }) {
  return (
    <article className="card reward-card" aria-labelledby={`reward-${reward.rewardId}`} data-testid={`reward-${reward.rewardId}`}>
      <div className="reward-art" aria-hidden="true">
        <Icon name="cup" size={44} />
      </div>
      <div className="row-between">
        <span className="reward-cost tabular">{reward.points === 0 ? 'Free' : `${formatNumber(reward.points)} ${pointName.other}`}</span>
        {!reward.affordable && <span className="badge badge-grey">Keep earning</span>}
      </div>
      <h3 id={`reward-${reward.rewardId}`}>{reward.name}</h3>
      <p className="small muted grow">{reward.description ?? `Redeem it: ${reward.channels.map(channelName).join(', ')}.`}</p>
      {reward.reservable ? (
        <button className="btn btn-primary btn-small" onClick={onReserve} disabled={reserving}>
          {reserving ? 'Reserving…' : 'Reserve for the store'}
        </button>
      ) : (
        <span className="small muted">{reward.reason ?? (reward.channels.includes('pos') ? 'Not available right now' : 'Online only')}</span>
      )}
    </article>
  );
}
