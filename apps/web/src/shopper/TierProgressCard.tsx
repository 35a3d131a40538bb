import { Link } from 'react-router';
import { ProgressBar } from '../ui/ProgressBar.tsx';
import { formatDate, formatNumber } from '../ui/format.ts';

interface Props {
  tier: { id: string; name: string; qualifyingPoints: number; nextTier?: { id: string; name: string; threshold: number } | undefined; pointsToNextTier?: number | undefined; validUntil?: string | undefined };
  nextReward?: { rewardId: string; name: string; points: number; pointsNeeded: number } | undefined;
  available: number;
  pointName: { one: string; other: string };
}

/** Two goals a member cares about: the next status level and the next free thing. */
export function TierProgressCard({ tier, nextReward, available, pointName }: Props) {
  const tierGoal = tier.nextTier?.threshold;
  return (
    <section className="card stack" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Your progress</h2>
      <div className="stack-sm">
        <div className="row-between">
          <strong>{tier.name} status</strong>
          <span className="muted small tabular">{formatNumber(tier.qualifyingPoints)} qualifying {pointName.other}</span>
        </div>
        {tierGoal !== undefined && tier.nextTier ? (
          <>
            <ProgressBar value={tier.qualifyingPoints} max={tierGoal} label={`Progress to ${tier.nextTier.name}`} tone="gold" />
            <span className="small muted">
              <strong className="tabular" style={{ color: 'var(--ink-900)' }}>{formatNumber(tier.pointsToNextTier!)}</strong> {pointName.other} to{' '}
              <strong style={{ color: 'var(--ink-900)' }}>{tier.nextTier.name}</strong>
            </span>
          </>
        ) : (
          <span className="small muted">You have reached our top tier. Thank you!</span>
        )}
        {tier.validUntil && <span className="small muted">Status kept until {formatDate(tier.validUntil)}</span>}
      </div>
      <div className="stack-sm">
        {nextReward ? (
          <>
            <div className="row-between">
              <strong>Next reward</strong>
              <span className="muted small tabular">{formatNumber(available)} / {formatNumber(nextReward.points)}</span>
            </div>
            <ProgressBar value={available} max={nextReward.points} label={`Progress to ${nextReward.name}`} />
            <span className="small muted">
              <strong className="tabular" style={{ color: 'var(--ink-900)' }}>{formatNumber(nextReward.pointsNeeded)}</strong> {pointName.other} to {nextReward.name}
            </span>
          </>
        ) : (
          <div className="row-between">
            <span className="small">You can afford every reward.</span>
            <Link to="/rewards" className="btn btn-secondary btn-small">Choose one</Link>
          </div>
        )}
      </div>
    </section>
  );
}

