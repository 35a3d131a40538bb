import { getIn, useProgramDraft } from './program-draft.ts';
import { DraftTextField } from './DraftTextField.tsx';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftCheckbox } from './DraftCheckbox.tsx';
import { DraftListField } from './DraftListField.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import { AwardEditor } from './AwardEditor.tsx';
import { LimitsEditor } from './LimitsEditor.tsx';

/** One earn rule, collapsed to a summary line; the problems badge shows through the collapse. */
export function EarnRuleEditor({ index, onRemove }: { index: number; onRemove: () => void }) {
  const draft = useProgramDraft();
  const path = ['earning', 'rules', index] as const;
  const rule = (getIn(draft.doc, path) ?? {}) as Record<string, unknown>;
  const problems = draft.problemsUnder(path);
  const enabled = rule.enabled !== false;
  return (
    <details className={`rule-card${problems > 0 ? ' has-problems' : ''}`} data-testid={`rule-${String(rule.id)}`}>
      <summary>
        <span className="row">
          <strong>{String(rule.name ?? 'Unnamed rule')}</strong>
          <span className="badge badge-grey">{describeAward(rule.award)}</span>
          {!enabled && <span className="badge badge-amber">off</span>}
          {problems > 0 && <span className="badge badge-red">{problems} problem{problems === 1 ? '' : 's'}</span>}
        </span>
        <span className="small muted">priority {String(rule.priority ?? '—')}</span>
      </summary>
      <div className="rule-body">
        <div className="form-grid">
          <DraftTextField path={[...path, 'name']} label="Name" />
          <DraftTextField path={[...path, 'id']} label="Rule id" hint="Stable; history and reports refer to it" />
          <DraftNumberField path={[...path, 'priority']} label="Priority" />
          <DraftTextField path={[...path, 'exclusive']} label="Exclusive group" optional hint="Rules in one group keep only the best match" />
        </div>
        <div className="form-grid">
          <DraftListField path={[...path, 'on']} label="Listens to events" hint="purchase, signup, referral or a custom event type" />
          <DraftTextField path={[...path, 'explanation']} label="Explanation for shoppers" optional hint='Optional; "{points}" is replaced' />
        </div>
        <DraftCheckbox path={[...path, 'enabled']} label="Enabled" defaultValue />
        <fieldset>
          <legend>When</legend>
          <ConditionEditor path={[...path, 'when']} />
        </fieldset>
        <fieldset>
          <legend>Award</legend>
          <AwardEditor path={[...path, 'award']} />
        </fieldset>
        <fieldset>
          <legend>Limits</legend>
          <LimitsEditor path={[...path, 'limits']} />
        </fieldset>
        <div>
          <button type="button" className="btn btn-danger btn-small" onClick={onRemove}>
            Delete rule
          </button>
        </div>
      </div>
    </details>
  );
}

function describeAward(award: unknown): string {
  const a = (award ?? {}) as Record<string, unknown>;
  const rate = (a.rate ?? {}) as Record<string, unknown>;
  switch (a.kind) {
    case 'per-amount':
      return `${String(rate.points)} per ${typeof rate.per === 'number' ? (rate.per / 100).toFixed(2) : '?'} spent`;
    case 'per-item':
      return `${String(a.points)} per item`;
    case 'fixed':
      return `${String(a.points)} fixed`;
    case 'multiplier':
      return `×${String(a.factor)}`;
    default:
      return 'no award';
  }
}
