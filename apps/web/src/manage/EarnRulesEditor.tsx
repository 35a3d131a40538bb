import { getIn, useProgramDraft } from './program-draft.ts';
import { EarnRuleEditor } from './EarnRuleEditor.tsx';

const NEW_RULE = {
  id: 'new-rule',
  name: 'New rule',
  priority: 50,
  on: ['purchase'],
  award: { kind: 'fixed', points: 10 },
};

export function EarnRulesEditor() {
  const draft = useProgramDraft();
  const rules = (getIn(draft.doc, ['earning', 'rules']) ?? []) as Record<string, unknown>[];
  const add = () => {
    const ids = new Set(rules.map((r) => r.id));
    let n = rules.length + 1;
    while (ids.has(`rule-${n}`)) n += 1;
    draft.set(['earning', 'rules'], [...rules, { ...NEW_RULE, id: `rule-${n}`, name: `New rule ${n}` }]);
  };
  return (
    <div className="stack">
      <p className="muted">Rules stack unless they share an exclusive group. Higher priority runs first; a multiplier runs after the rules it multiplies.</p>
      {rules.map((rule, i) => (
        <EarnRuleEditor key={i} index={i} onRemove={() => draft.set(['earning', 'rules'], rules.filter((_, j) => j !== i))} />
      ))}
      <div>
        <button type="button" className="btn btn-secondary" onClick={add}>
          Add an earn rule
        </button>
      </div>
    </div>
  );
}
