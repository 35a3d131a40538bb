import { TextField } from '../ui/TextField.tsx';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';

/** A text field bound to the draft; an optional field left empty is removed from the document. */
export function DraftTextField({ path, label, hint, optional = false, type = 'text' }: { path: Path; label: string; hint?: string; optional?: boolean; type?: string }) {
  const draft = useProgramDraft();
  const value = getIn(draft.doc, path);
  return (
    <TextField
      label={label}
      hint={hint}
      type={type}
      value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
      onChange={(v) => draft.set(path, optional && v === '' ? undefined : v)}
      error={draft.problem(path)}
    />
  );
}
