import { useEffect, useState } from 'react';
import { TextField } from '../ui/TextField.tsx';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';

/** A comma-separated list (SKUs, categories, tags) bound to an array in the draft. */
export function DraftListField({ path, label, hint, optional = false }: { path: Path; label: string; hint?: string; optional?: boolean }) {
  const draft = useProgramDraft();
  const value = getIn(draft.doc, path);
  const shown = Array.isArray(value) ? value.join(', ') : '';
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (split(text).join(', ') !== shown) setText(shown);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown]);
  return (
    <TextField
      label={label}
      hint={hint ?? 'Separate values with commas'}
      value={text}
      onChange={(v) => {
        setText(v);
        const list = split(v);
        draft.set(path, optional && list.length === 0 ? undefined : list);
      }}
      error={draft.problem(path)}
    />
  );
}

function split(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}
