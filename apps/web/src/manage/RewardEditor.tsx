import { SelectField } from '../ui/SelectField.tsx';
import { CHANNEL_OPTIONS } from './channel-options.ts';
import { getIn, useProgramDraft } from './program-draft.ts';
import { DraftTextField } from './DraftTextField.tsx';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftChoicesField } from './DraftChoicesField.tsx';
import { DraftListField } from './DraftListField.tsx';
import { DraftSelectField } from './DraftSelectField.tsx';

const BENEFITS: Record<string, { label: string; start: Record<string, unknown> }> = {
  'free-item': { label: 'Free item up to a value', start: { kind: 'free-item', maxValue: 500 } },
  'amount-off': { label: 'Amount off', start: { kind: 'amount-off', amount: 500 } },
  'percent-off': { label: 'Percent off', start: { kind: 'percent-off', percent: 10 } },
  'partner-voucher': { label: 'Partner voucher', start: { kind: 'partner-voucher', partner: 'Partner' } },
};

export function RewardEditor({ index, onRemove }: { index: number; onRemove: () => void }) {
  const draft = useProgramDraft();
  const path = ['rewards', index] as const;
  const reward = (getIn(draft.doc, path) ?? {}) as Record<string, unknown>;
  const benefit = (reward.benefit ?? {}) as Record<string, unknown>;
  const kind = String(benefit.kind ?? '');
  const problems = draft.problemsUnder(path);
  const tiers = ((getIn(draft.doc, ['tiers', 'levels']) ?? []) as { id?: string; name?: string }[]).map((t) => ({ value: String(t.id), label: String(t.name ?? t.id) }));
  const bPath = [...path, 'benefit'];
  return (
    <details className={`rule-card${problems > 0 ? ' has-problems' : ''}`}>
      <summary>
        <span className="row">
          <strong>{String(reward.name ?? 'Unnamed reward')}</strong>
          <span className="badge">{String(reward.cost ?? '?')} points</span>
          {problems > 0 && <span className="badge badge-red">{problems} problem{problems === 1 ? '' : 's'}</span>}
        </span>
        <span className="small muted">{BENEFITS[kind]?.label ?? kind}</span>
      </summary>
      <div className="rule-body">
        <div className="form-grid">
          <DraftTextField path={[...path, 'name']} label="Name" />
          <DraftTextField path={[...path, 'id']} label="Reward id" />
          <DraftNumberField path={[...path, 'cost']} label="Cost in points" />
          <DraftNumberField path={[...path, 'stock']} label="Stock" optional hint="Empty: unlimited" />
        </div>
        <DraftTextField path={[...path, 'description']} label="Description" optional />
        <div className="form-grid">
          <SelectField label="Benefit" value={kind} onChange={(k) => draft.set(bPath, BENEFITS[k]?.start)} options={Object.entries(BENEFITS).map(([value, b]) => ({ value, label: b.label }))} error={draft.problem(bPath)} />
          {kind === 'free-item' && <DraftNumberField path={[...bPath, 'maxValue']} label="Up to a value of" scale={100} />}
          {kind === 'amount-off' && <DraftNumberField path={[...bPath, 'amount']} label="Amount off" scale={100} />}
          {kind === 'percent-off' && <DraftNumberField path={[...bPath, 'percent']} label="Percent" />}
          {kind === 'percent-off' && <DraftNumberField path={[...bPath, 'maxAmount']} label="Capped at" scale={100} optional />}
          {kind === 'partner-voucher' && <DraftTextField path={[...bPath, 'partner']} label="Partner" />}
          {kind === 'free-item' && <DraftListField path={[...bPath, 'lines', 'categories']} label="Item categories" optional hint="Empty: any item" />}
        </div>
        <DraftChoicesField path={[...path, 'channels']} label="Channels" options={CHANNEL_OPTIONS} optional hint="None ticked: every channel" />
        <DraftChoicesField path={[...path, 'tiers']} label="Tiers" options={tiers} optional hint="None ticked: every tier" />
        <div className="form-grid">
          <DraftNumberField path={[...path, 'limit', 'count']} label="Per-member limit" optional />
          <DraftSelectField
            path={[...path, 'limit', 'per']}
            label="Limit period"
            options={[{ value: '', label: '—' }, { value: 'day', label: 'Day' }, { value: 'month', label: 'Month' }, { value: 'year', label: 'Year' }, { value: 'lifetime', label: 'Lifetime' }]}
          />
          <DraftNumberField path={[...path, 'birthdayWindowDays']} label="Birthday window (days)" optional />
        </div>
        <div>
          <button type="button" className="btn btn-danger btn-small" onClick={onRemove}>
            Delete reward
          </button>
        </div>
      </div>
    </details>
  );
}
