import { useEffect, useId, useState } from 'react';
import { useProgramDraft } from './program-draft.ts';

/** The whole document as JSON, for power users and pasting; a parse error keeps the last good draft. */
export function JsonEditor() {
  const draft = useProgramDraft();
  const id = useId();
  const serialized = JSON.stringify(draft.doc, null, 2);
  const [text, setText] = useState(serialized);
  const [parseError, setParseError] = useState<string>();
  useEffect(() => {
    setText((current) => {
      try {
        return JSON.stringify(JSON.parse(current)) === JSON.stringify(draft.doc) ? current : serialized;
      } catch {
        return current;
      }
    });
  }, [serialized, draft.doc]);
  return (
    <div className="field">
      <label htmlFor={id}>Program document (JSON)</label>
      <textarea
        id={id}
        spellCheck={false}
        rows={30}
        value={text}
        aria-invalid={parseError ? true : undefined}
        aria-describedby={parseError ? `${id}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed = JSON.parse(e.target.value) as unknown;
            if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the document must be a JSON object');
            setParseError(undefined);
            draft.set([], parsed);
          } catch (error) {
            setParseError(error instanceof Error ? error.message : 'not valid JSON');
          }
        }}
        style={{ minHeight: 520 }}
      />
      {parseError && <span className="field-error" id={`${id}-error`} role="alert">{parseError}</span>}
    </div>
  );
}
