import { SelectField } from '../ui/SelectField.tsx';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftSelectField } from './DraftSelectField.tsx';
import { DraftListField } from './DraftListField.tsx';
import { DraftCheckbox } from './DraftCheckbox.tsx';
import { DraftChoicesField } from './DraftChoicesField.tsx';

const KINDS = [
  { value: 'per-amount', label: 'Points per amount spent' },
  { value: 'per-item', label: 'Points per matching item' },
  { value: 'fixed', label: 'Fixed bonus' },
  { value: 'multiplier', label: 'Multiplier of other rules' },
];
const ROUNDING = [
  { value: 'floor', label: 'Round down' },
  { value: 'round-half-up', label: 'Round half up' },
  { value: 'ceil', label: 'Round up' },
];
const STARTS: Record<string, Record<string, unknown>> = {
  'per-amount': { kind: 'per-amount', rate: { points: 1, per: 100 }, rounding: 'floor', tierMultiplier: true },
  'per-item': { kind: 'per-item', points: 10, lines: { categories: [] } },
  fixed: { kind: 'fixed', points: 25 },
  multiplier: { kind: 'multiplier', factor: 2, of: [], rounding: 'floor' },
};

export function AwardEditor({ path }: { path: Path }) {
  const draft = useProgramDraft();
  const award = (getIn(draft.doc, path) ?? {}) as Record<string, unknown>;
  const kind = String(award.kind ?? '');
  const otherRules = ((getIn(draft.doc, ['earning', 'rules']) ?? []) as { id?: string; name?: string; award?: { kind?: string } }[])
    .filter((r) => r.award?.kind !== 'multiplier')
    .map((r) => ({ value: String(r.id), label: String(r.name ?? r.id) }));
  return (
    <div className="stack-sm">
      <SelectField label="Kind" value={kind} onChange={(k) => draft.set(path, STARTS[k])} options={KINDS} error={draft.problem([...path, 'kind']) ?? draft.problem(path)} />
      {kind === 'per-amount' && (
        <>
          <div className="form-grid">
            <DraftNumberField path={[...path, 'rate', 'points']} label="Points" decimal hint='Exact decimals such as "1.2"' />
            <DraftNumberField path={[...path, 'rate', 'per']} label="Per amount spent" scale={100} hint="In the program's currency, e.g. 1.00" />
            <DraftSelectField path={[...path, 'rounding']} label="Rounding" options={ROUNDING} />
          </div>
          <DraftCheckbox path={[...path, 'tierMultiplier']} label="Apply the member's tier earn multiplier" defaultValue />
          <div className="form-grid">
            <DraftListField path={[...path, 'lines', 'categories']} label="Only these categories" optional hint="Empty: every line counts" />
            <DraftListField path={[...path, 'lines', 'skus']} label="Only these SKUs" optional />
          </div>
        </>
      )}
      {kind === 'per-item' && (
        <div className="form-grid">
          <DraftNumberField path={[...path, 'points']} label="Points per item" />
          <DraftListField path={[...path, 'lines', 'categories']} label="Categories" optional />
          <DraftListField path={[...path, 'lines', 'skus']} label="SKUs" optional />
        </div>
      )}
      {kind === 'fixed' && <DraftNumberField path={[...path, 'points']} label="Points" />}
      {kind === 'multiplier' && (
        <>
          <div className="form-grid">
            <DraftNumberField path={[...path, 'factor']} label="Factor" decimal hint="2 doubles the points of the rules below" />
            <DraftSelectField path={[...path, 'rounding']} label="Rounding" options={ROUNDING} />
          </div>
          <DraftChoicesField path={[...path, 'of']} label="Multiplies" options={otherRules} />
        </>
      )}
    </div>
  );
}
