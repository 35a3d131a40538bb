import { getIn, useProgramDraft } from './program-draft.ts';
import { RewardEditor } from './RewardEditor.tsx';

export function RewardsEditor() {
  const draft = useProgramDraft();
  const rewards = (getIn(draft.doc, ['rewards']) ?? []) as Record<string, unknown>[];
  const add = () => {
    const ids = new Set(rewards.map((r) => r.id));
    let n = rewards.length + 1;
    while (ids.has(`reward-${n}`)) n += 1;
    draft.set(['rewards'], [...rewards, { id: `reward-${n}`, name: `New reward ${n}`, cost: 100, benefit: { kind: 'amount-off', amount: 500 } }]);
  };
  return (
    <div className="stack">
      {rewards.map((_, i) => (
        <RewardEditor key={i} index={i} onRemove={() => draft.set(['rewards'], rewards.filter((__, j) => j !== i))} />
      ))}
      <div>
        <button type="button" className="btn btn-secondary" onClick={add}>
          Add a reward
        </button>
      </div>
    </div>
  );
}
