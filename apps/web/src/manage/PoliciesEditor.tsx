import { SelectField } from '../ui/SelectField.tsx';
import { getIn, useProgramDraft } from './program-draft.ts';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftSelectField } from './DraftSelectField.tsx';
import { DraftTextField } from './DraftTextField.tsx';

/** Program settings, expiry, the pending period and what a refund does to points already spent. */
export function PoliciesEditor() {
  const draft = useProgramDraft();
  const lots = (getIn(draft.doc, ['expiry', 'lots']) ?? {}) as Record<string, unknown>;
  const kind = String(lots.kind ?? '');
  return (
    <div className="stack">
      <section className="card-flat stack-sm" aria-label="Program">
        <h3>Program</h3>
        <div className="form-grid">
          <DraftTextField path={['program', 'name']} label="Program name" />
          <DraftTextField path={['program', 'pointName', 'one']} label="Point name (one)" />
          <DraftTextField path={['program', 'pointName', 'other']} label="Point name (many)" />
          <DraftTextField path={['program', 'currency']} label="Currency" hint="ISO 4217, e.g. USD" />
          <DraftTextField path={['program', 'timeZone']} label="Time zone" hint="IANA, e.g. America/New_York" />
          <DraftNumberField path={['program', 'pointValue']} label="Liability per point (minor units)" decimal optional hint='"4" = 0.04 per point' />
        </div>
      </section>
      <section className="card-flat stack-sm" aria-label="Expiry">
        <h3>Expiry</h3>
        <div className="form-grid">
          <SelectField
            label="Points expire"
            value={kind}
            onChange={(k) => draft.set(['expiry', 'lots'], k === 'never' ? { kind: k } : k === 'days-after-earn' ? { kind: k, days: 365 } : { kind: k, months: 6 })}
            options={[
              { value: 'never', label: 'Never' },
              { value: 'days-after-earn', label: 'N days after earning' },
              { value: 'end-of-month-after', label: 'End of the Nth month after earning' },
            ]}
            error={draft.problem(['expiry', 'lots'])}
          />
          {kind === 'days-after-earn' && <DraftNumberField path={['expiry', 'lots', 'days']} label="Days" />}
          {kind === 'end-of-month-after' && <DraftNumberField path={['expiry', 'lots', 'months']} label="Months" />}
          <DraftNumberField path={['expiry', 'inactivityMonths']} label="Expire all after inactive months" optional hint="Empty: no inactivity expiry" />
        </div>
      </section>
      <section className="card-flat stack-sm" aria-label="Pending and refunds">
        <h3>Pending period and refunds</h3>
        <div className="form-grid">
          <DraftNumberField path={['pending', 'days']} label="Pending days" hint="A returns window before points can be spent" />
          <DraftSelectField
            path={['refunds', 'whenSpent']}
            label="When refunded points were already spent"
            options={[
              { value: 'floor-at-zero', label: 'Floor the balance at zero' },
              { value: 'allow-negative', label: 'Allow a negative balance' },
              { value: 'claw-back-pending-first', label: 'Claw back from pending first' },
            ]}
          />
        </div>
      </section>
    </div>
  );
}
