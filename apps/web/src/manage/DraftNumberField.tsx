import { useEffect, useState } from 'react';
import { TextField } from '../ui/TextField.tsx';
import { getIn, useProgramDraft, type Path } from './program-draft.ts';

/**
 * A number bound to the draft. What the manager types is kept as typed ("1." mid-edit); the document
 * gets a number when it is one, a decimal string for exact rates ("1.2"), and the raw text otherwise,
 * so validation names the field instead of the input silently dropping characters.
 */
export function DraftNumberField({ path, label, hint, optional = false, decimal = false, scale = 1 }: { path: Path; label: string; hint?: string; optional?: boolean; decimal?: boolean; scale?: number }) {
  const draft = useProgramDraft();
  const value = getIn(draft.doc, path);
  const shown = value === undefined ? '' : typeof value === 'number' ? String(value / scale) : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (parse(text, decimal, scale) !== value) setText(shown);
    // Only outside changes (JSON view, undo) should overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown]);
  return (
    <TextField
      label={label}
      hint={hint}
      inputMode="decimal"
      value={text}
      onChange={(v) => {
        setText(v);
        draft.set(path, v.trim() === '' ? (optional ? undefined : '') : parse(v, decimal, scale));
      }}
      error={draft.problem(path)}
    />
  );
}

function parse(text: string, decimal: boolean, scale: number): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^-?\d+$/.test(t) && scale === 1) return Number(t);
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    if (scale !== 1) return Math.round(Number(t) * scale);
    return decimal ? t : Number(t);
  }
  return t;
}
