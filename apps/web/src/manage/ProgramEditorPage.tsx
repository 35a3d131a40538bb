import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { validateProgram } from '@omniloyal/core';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { PageLoading } from '../ui/PageLoading.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ProgramDraftContext, problemIndex, setIn, type DraftDocument, type Path, type ProgramDraft } from './program-draft.ts';
import { EarnRulesEditor } from './EarnRulesEditor.tsx';
import { RewardsEditor } from './RewardsEditor.tsx';
import { TiersEditor } from './TiersEditor.tsx';
import { PoliciesEditor } from './PoliciesEditor.tsx';
import { JsonEditor } from './JsonEditor.tsx';
import { SimulationPanel } from './SimulationPanel.tsx';
import { PublishDialog } from './PublishDialog.tsx';
import { ProblemList } from './ProblemList.tsx';
import { usePermissions } from './permissions.ts';

const TABS = [
  { id: 'rules', label: 'Earn rules', path: ['earning'] },
  { id: 'rewards', label: 'Rewards', path: ['rewards'] },
  { id: 'tiers', label: 'Tiers', path: ['tiers'] },
  { id: 'policies', label: 'Program & policies', path: [] },
  { id: 'json', label: 'JSON', path: [] },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * The program editor: the draft lives here, every keystroke is validated with the same rules the API
 * applies (from @omniloyal/core), problems show beside their fields, and simulate/publish act on it.
 */
export function ProgramEditorPage() {
  const program = useQuery(trpc.manager.program.get.queryOptions());
  const queryClient = useQueryClient();
  const [doc, setDoc] = useState<DraftDocument>();
  const [dirty, setDirty] = useState(false);
  const [tab, setTab] = useState<TabId>('rules');
  const [publishing, setPublishing] = useState(false);
  const { editProgram } = usePermissions();

  useEffect(() => {
    if (program.data && doc === undefined) setDoc((program.data.draft ?? program.data.published?.document ?? {}) as DraftDocument);
  }, [program.data, doc]);

  const validation = useMemo(() => (doc ? validateProgram(doc) : undefined), [doc]);
  const problems = validation && !validation.ok ? validation.problems : [];
  const index = useMemo(() => problemIndex(problems), [problems]);
  const set = useCallback((path: Path, value: unknown) => {
    setDoc((d) => setIn(d ?? {}, path, value));
    setDirty(true);
  }, []);
  const draft: ProgramDraft | undefined = doc ? { doc, set, ...index } : undefined;

  const save = useMutation(
    trpc.manager.program.saveDraft.mutationOptions({
      onSuccess: () => {
        setDirty(false);
        void queryClient.invalidateQueries({ queryKey: trpc.manager.program.get.queryKey() });
      },
    }),
  );

  if (program.isPending || !draft) return <PageLoading label="Loading the program" />;
  if (program.isError) return <FormMessage message={apiProblem(program.error).message} />;
  const published = program.data.published;
  const saveProblem = apiProblem(save.error);

  return (
    <ProgramDraftContext.Provider value={draft}>
      <div className="page-head">
        <div>
          <h1>Program</h1>
          <p>
            {published ? `Version ${published.version} in effect since ${formatDateTime(published.effectiveAt)}` : 'Nothing published yet'}
            {program.data.scheduled.length > 0 && ` · version ${program.data.scheduled[0]!.version} scheduled for ${formatDateTime(program.data.scheduled[0]!.effectiveAt)}`}
          </p>
        </div>
        <div className="row">
          <span className={`badge ${dirty ? 'badge-amber' : 'badge-grey'}`} role="status">
            {dirty ? 'Unsaved changes' : save.data ? 'Draft saved' : 'Draft'}
          </span>
          {editProgram ? (
            <>
              <button type="button" className="btn btn-secondary" onClick={() => save.mutate({ document: doc! })} disabled={save.isPending || !dirty}>
                {save.isPending ? 'Saving…' : 'Save draft'}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => setPublishing(true)} disabled={problems.length > 0}>
                Publish…
              </button>
            </>
          ) : (
            <span className="small muted">Your role can try changes and simulate them; an owner or manager saves and publishes.</span>
          )}
        </div>
      </div>
      <FormMessage message={saveProblem.message} />
      <div className="editor-layout">
        <div className="card">
          <div className="tabs" role="tablist" aria-label="Program sections" onKeyDown={(e) => moveTab(e, tab, setTab)}>
            {TABS.map((t) => {
              const count = t.id === 'json' ? problems.length : t.id === 'policies' ? ['program', 'expiry', 'pending', 'refunds'].reduce((n, k) => n + index.problemsUnder([k]), 0) : index.problemsUnder(t.path);
              return (
                <button key={t.id} role="tab" id={`tab-${t.id}`} aria-controls={`panel-${t.id}`} aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1} onClick={() => setTab(t.id)} type="button">
                  {t.label}
                  {count > 0 && <span className="badge badge-red tab-count">{count}</span>}
                </button>
              );
            })}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'rules' && <EarnRulesEditor />}
            {tab === 'rewards' && <RewardsEditor />}
            {tab === 'tiers' && <TiersEditor />}
            {tab === 'policies' && <PoliciesEditor />}
            {tab === 'json' && <JsonEditor />}
          </div>
        </div>
        <aside className="editor-aside stack" aria-label="Validation and simulation">
          <section className="card stack-sm" aria-labelledby="validation-heading">
            <h2 id="validation-heading">Validation</h2>
            {problems.length === 0 ? (
              <FormMessage tone="success" message="The draft is valid and can be published." />
            ) : (
              <ProblemList problems={problems} />
            )}
          </section>
          <SimulationPanel doc={doc!} valid={problems.length === 0} />
        </aside>
      </div>
      <PublishDialog
        open={publishing}
        onClose={() => setPublishing(false)}
        document={doc!}
        onPublished={() => {
          setDirty(false);
          void queryClient.invalidateQueries();
        }}
      />
    </ProgramDraftContext.Provider>
  );
}

/** Arrow keys, Home and End move between tabs, as the WAI-ARIA tabs pattern expects. */
function moveTab(event: KeyboardEvent<HTMLDivElement>, current: TabId, setTab: (id: TabId) => void) {
  const i = TABS.findIndex((t) => t.id === current);
  const next =
    event.key === 'ArrowRight' ? (i + 1) % TABS.length : event.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : undefined;
  if (next === undefined) return;
  event.preventDefault();
  const id = TABS[next]!.id;
  setTab(id);
  document.getElementById(`tab-${id}`)?.focus();
}
