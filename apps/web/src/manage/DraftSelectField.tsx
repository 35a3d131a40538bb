import { SelectField } from '../ui/SelectField.tsx';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';

export function DraftSelectField({ path, label, options, hint }: { path: Path; label: string; options: readonly { value: string; label: string }[]; hint?: string }) {
  const draft = useProgramDraft();
  const value = getIn(draft.doc, path);
  return <SelectField label={label} hint={hint} value={typeof value === 'string' ? value : ''} onChange={(v) => draft.set(path, v)} options={options} error={draft.problem(path)} />;
}
