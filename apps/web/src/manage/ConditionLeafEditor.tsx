import type { ReactNode } from 'react';
import { CHANNEL_OPTIONS } from './channel-options.ts';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';
import { CONDITION_FIELD_SPECS, specFor } from './condition-fields.ts';
import { SelectField } from '../ui/SelectField.tsx';
import { DraftListField } from './DraftListField.tsx';
import { DraftChoicesField } from './DraftChoicesField.tsx';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftTextField } from './DraftTextField.tsx';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }));

/** One condition: field, operator, and a value editor that fits the field. */
export function ConditionLeafEditor({ path, onRemove }: { path: Path; onRemove: () => void }) {
  const draft = useProgramDraft();
  const leaf = (getIn(draft.doc, path) ?? {}) as Record<string, unknown>;
  const spec = specFor(leaf.field);
  const tiers = ((getIn(draft.doc, ['tiers', 'levels']) ?? []) as { id?: string; name?: string }[]).map((t) => ({ value: String(t.id), label: String(t.name ?? t.id) }));
  const valuePath = [...path, 'value'];
  const op = String(leaf.op ?? '');

  let valueEditor: ReactNode = null;
  switch (leaf.field) {
    case 'channel':
      valueEditor = <DraftChoicesField path={valuePath} label="Channels" options={CHANNEL_OPTIONS} />;
      break;
    case 'tier':
      valueEditor = <DraftChoicesField path={valuePath} label="Tiers" options={tiers} />;
      break;
    case 'weekday':
      valueEditor = <DraftChoicesField path={valuePath} label="Days" options={WEEKDAYS} />;
      break;
    case 'subtotal':
      valueEditor = <DraftNumberField path={valuePath} label="Amount" hint="In the program's currency, e.g. 10.00" scale={100} />;
      break;
    case 'timeOfDay':
      valueEditor = (
        <div className="form-grid">
          <DraftTextField path={[...valuePath, 'from']} label="From" type="time" />
          <DraftTextField path={[...valuePath, 'to']} label="To (exclusive)" type="time" />
        </div>
      );
      break;
    case 'date':
      valueEditor = (
        <div className="form-grid">
          <DraftTextField path={[...valuePath, 'from']} label="From" type="date" />
          <DraftTextField path={[...valuePath, 'to']} label="To (inclusive)" type="date" />
        </div>
      );
      break;
    case 'birthday':
      valueEditor =
        op === 'within-days' ? (
          <div className="form-grid">
            <DraftNumberField path={[...valuePath, 'before']} label="Days before" />
            <DraftNumberField path={[...valuePath, 'after']} label="Days after" />
          </div>
        ) : null;
      break;
    case 'eventProperty':
      valueEditor = (
        <div className="form-grid">
          <DraftTextField path={[...path, 'property']} label="Property" />
          {op !== 'exists' && <DraftTextField path={valuePath} label="Value" />}
        </div>
      );
      break;
    default:
      valueEditor = <DraftListField path={valuePath} label={spec?.label === 'Store' ? 'Store ids' : 'Values'} />;
  }

  return (
    <div className="condition-leaf">
      <SelectField
        label="Field"
        value={String(leaf.field ?? '')}
        onChange={(field) => draft.set(path, specFor(field)?.initial)}
        options={CONDITION_FIELD_SPECS.map((s) => ({ value: s.field, label: s.label }))}
        error={draft.problem([...path, 'field'])}
      />
      <SelectField
        label="Operator"
        value={op}
        onChange={(next) => {
          // Birthday operators carry different values; reset the value when the shape changes.
          if (leaf.field === 'birthday') draft.set(path, next === 'within-days' ? { field: 'birthday', op: next, value: { before: 3, after: 3 } } : { field: 'birthday', op: next });
          else if (leaf.field === 'eventProperty' && next === 'exists') draft.set(path, { field: 'eventProperty', property: leaf.property ?? '', op: next });
          else draft.set([...path, 'op'], next);
        }}
        options={spec?.ops ?? []}
        error={draft.problem([...path, 'op']) ?? (spec ? undefined : draft.problem(path))}
      />
      <div>{valueEditor}</div>
      <button type="button" className="btn btn-ghost btn-small" onClick={onRemove} aria-label="Remove this condition">
        Remove
      </button>
    </div>
  );
}
