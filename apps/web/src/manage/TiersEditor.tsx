import { SelectField } from '../ui/SelectField.tsx';
import { getIn, useProgramDraft } from './program-draft.ts';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftSelectField } from './DraftSelectField.tsx';
import { DraftTextField } from './DraftTextField.tsx';
import { DraftCheckbox } from './DraftCheckbox.tsx';
import { DraftListField } from './DraftListField.tsx';

export function TiersEditor() {
  const draft = useProgramDraft();
  const qualifyingWindow = (getIn(draft.doc, ['tiers', 'qualifying', 'window']) ?? {}) as Record<string, unknown>;
  const levels = (getIn(draft.doc, ['tiers', 'levels']) ?? []) as Record<string, unknown>[];
  return (
    <div className="stack">
      <section className="card-flat stack-sm" aria-label="How members qualify">
        <h3>Qualifying</h3>
        <p className="small muted">Status counts points earned (never the balance), so spending never costs a member their tier.</p>
        <div className="form-grid">
          <SelectField
            label="Window"
            value={String(qualifyingWindow.kind ?? '')}
            onChange={(k) => draft.set(['tiers', 'qualifying', 'window'], k === 'calendar-year' ? { kind: k } : { kind: k, months: 12 })}
            options={[{ value: 'rolling-months', label: 'Rolling months' }, { value: 'calendar-year', label: 'Calendar year' }]}
            error={draft.problem(['tiers', 'qualifying', 'window'])}
          />
          {qualifyingWindow.kind === 'rolling-months' && <DraftNumberField path={['tiers', 'qualifying', 'window', 'months']} label="Months" />}
          <DraftNumberField path={['tiers', 'statusMonths']} label="Status kept for (months)" />
          <DraftSelectField path={['tiers', 'downgrade']} label="Downgrade" options={[{ value: 'to-qualified', label: 'To the tier points qualify for' }, { value: 'one-tier', label: 'One tier at a time' }]} />
        </div>
      </section>
      {levels.map((level, i) => {
        const path = ['tiers', 'levels', i] as const;
        return (
          <section key={i} className="card-flat stack-sm" aria-label={`Tier ${String(level.name ?? i + 1)}`}>
            <div className="row-between">
              <h3>{String(level.name ?? `Tier ${i + 1}`)}</h3>
              {i > 0 && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => draft.set(['tiers', 'levels'], levels.filter((_, j) => j !== i))}>
                  Remove tier
                </button>
              )}
            </div>
            <div className="form-grid">
              <DraftTextField path={[...path, 'name']} label="Name" />
              <DraftTextField path={[...path, 'id']} label="Tier id" />
              <DraftNumberField path={[...path, 'threshold']} label="Qualifying points" hint={i === 0 ? 'The first tier starts at 0' : undefined} />
              <DraftNumberField path={[...path, 'benefits', 'earnMultiplier']} label="Earn multiplier" decimal />
            </div>
            <DraftCheckbox path={[...path, 'benefits', 'expiryExempt']} label="Points earned in this tier never expire" />
            <DraftListField path={[...path, 'benefits', 'perks']} label="Perks shown to members" optional />
          </section>
        );
      })}
      <div>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => draft.set(['tiers', 'levels'], [...levels, { id: `tier-${levels.length + 1}`, name: `Tier ${levels.length + 1}`, threshold: 1000 * levels.length, benefits: { earnMultiplier: '1' } }])}
        >
          Add a tier
        </button>
      </div>
    </div>
  );
}
