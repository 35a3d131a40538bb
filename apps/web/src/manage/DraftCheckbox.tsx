import { getIn, useProgramDraft, type Path } from './program-draft.ts';

export function DraftCheckbox({ path, label, defaultValue = false }: { path: Path; label: string; defaultValue?: boolean }) {
  const draft = useProgramDraft();
  const value = getIn(draft.doc, path);
  return (
    <label className="check">
      <input type="checkbox" checked={typeof value === 'boolean' ? value : defaultValue} onChange={(e) => draft.set(path, e.target.checked)} />
      {label}
    </label>
  );
}
