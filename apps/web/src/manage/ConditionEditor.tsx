import { getIn, useProgramDraft, type Path } from './program-draft.ts';
import { ConditionLeafEditor } from './ConditionLeafEditor.tsx';
import { CONDITION_FIELD_SPECS } from './condition-fields.ts';

const NEW_LEAF = CONDITION_FIELD_SPECS[0]!.initial;

/**
 * The condition builder: groups ("all of" / "any of", optionally negated) of field conditions, nested
 * as deep as the manager needs. It edits the draft's `when` tree in place, so the JSON view and
 * validation see exactly what the form shows.
 */
export function ConditionEditor({ path, depth = 0, onRemove }: { path: Path; depth?: number; onRemove?: () => void }) {
  const draft = useProgramDraft();
  const node = getIn(draft.doc, path) as Record<string, unknown> | undefined;

  if (node === undefined) {
    return (
      <div className="row">
        <span className="muted small">Applies to every event it listens to.</span>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => draft.set(path, { all: [NEW_LEAF] })}>
          Add a condition
        </button>
      </div>
    );
  }
  if ('not' in node) {
    return (
      <div className="condition-group">
        <div className="row-between">
          <strong className="small">NOT (none of this may hold)</strong>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => draft.set(path, node.not)}>
            Remove NOT
          </button>
        </div>
        <ConditionEditor path={[...path, 'not']} depth={depth + 1} {...(onRemove ? { onRemove } : {})} />
      </div>
    );
  }
  if ('all' in node || 'any' in node) {
    const mode = 'all' in node ? 'all' : 'any';
    const children = (Array.isArray(node[mode]) ? node[mode] : []) as unknown[];
    const childPath = [...path, mode];
    const error = draft.problem(childPath) ?? draft.problem(path);
    return (
      <div className="condition-group" role="group" aria-label={depth === 0 ? 'Conditions' : 'Condition group'}>
        <div className="row-between">
          <label className="check">
            Match
            <select
              aria-label="Match all or any"
              value={mode}
              style={{ width: 'auto', minHeight: 34, padding: '0.2rem 0.5rem' }}
              onChange={(e) => draft.set(path, { [e.target.value]: children })}
            >
              <option value="all">all of these</option>
              <option value="any">any of these</option>
            </select>
          </label>
          <div className="row">
            <button type="button" className="btn btn-ghost btn-small" onClick={() => draft.set(path, { not: node })}>
              Negate
            </button>
            {(onRemove || depth === 0) && (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => (onRemove ? onRemove() : draft.set(path, undefined))}>
                {depth === 0 ? 'Remove all conditions' : 'Remove group'}
              </button>
            )}
          </div>
        </div>
        {children.map((child, i) => {
          const remove = () => draft.set(childPath, children.filter((_, j) => j !== i));
          const isGroup = child !== null && typeof child === 'object' && ('all' in child || 'any' in child || 'not' in child);
          return isGroup ? (
            <ConditionEditor key={i} path={[...childPath, i]} depth={depth + 1} onRemove={remove} />
          ) : (
            <ConditionLeafEditor key={i} path={[...childPath, i]} onRemove={remove} />
          );
        })}
        {error && <div className="field-error" role="alert">{error}</div>}
        <div className="row">
          <button type="button" className="btn btn-secondary btn-small" onClick={() => draft.set(childPath, [...children, NEW_LEAF])}>
            Add condition
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => draft.set(childPath, [...children, { any: [NEW_LEAF] }])}>
            Add group
          </button>
        </div>
      </div>
    );
  }
  // A single leaf at the top: offer to wrap it so more can be added.
  return (
    <div className="condition-group">
      <ConditionLeafEditor path={path} onRemove={() => draft.set(path, undefined)} />
      <div>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => draft.set(path, { all: [node, NEW_LEAF] })}>
          Add condition
        </button>
      </div>
    </div>
  );
}
