import type { Path } from './program-draft.ts';
import { DraftNumberField } from './DraftNumberField.tsx';
import { DraftTextField } from './DraftTextField.tsx';

/** Caps in points; empty means no cap. */
export function LimitsEditor({ path }: { path: Path }) {
  return (
    <div className="form-grid">
      <DraftNumberField path={[...path, 'perOrder']} label="Per order" optional />
      <DraftNumberField path={[...path, 'perMemberPerDay']} label="Per member per day" optional />
      <DraftNumberField path={[...path, 'perMemberPerWeek']} label="Per member per week" optional />
      <DraftNumberField path={[...path, 'perMemberPerMonth']} label="Per member per month" optional />
      <DraftNumberField path={[...path, 'budget', 'points']} label="Campaign budget" optional hint="Across all members" />
      <DraftTextField path={[...path, 'budget', 'id']} label="Shared budget id" optional />
    </div>
  );
}
