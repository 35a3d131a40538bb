import { useId } from 'react';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';

/** Checkboxes for a set (channels, tiers, weekdays); with `optional`, none ticked removes the key ("all"). */
export function DraftChoicesField({ path, label, options, optional = false, hint }: { path: Path; label: string; options: readonly { value: string; label: string }[]; optional?: boolean; hint?: string }) {
  const draft = useProgramDraft();
  const id = useId();
  const value = getIn(draft.doc, path);
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  const error = draft.problem(path);
  const toggle = (option: string, on: boolean) => {
    const next = on ? [...chosen, option] : chosen.filter((c) => c !== option);
    const ordered = options.map((o) => o.value).filter((v) => next.includes(v));
    draft.set(path, optional && ordered.length === 0 ? undefined : ordered);
  };
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
      <div className="row">
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            {o.label}
          </label>
        ))}
      </div>
      {hint && <div className="hint small muted">{hint}</div>}
      {error && <div className="field-error" id={`${id}-error`} role="alert">{error}</div>}
    </fieldset>
  );
}
