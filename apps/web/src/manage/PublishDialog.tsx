import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { Modal } from '../ui/Modal.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { DraftDocument } from './program-draft.ts';

/** Saves the draft and publishes it, now or at a chosen time; the version becomes immutable. */
export function PublishDialog({ open, onClose, document, onPublished }: { open: boolean; onClose: () => void; document: DraftDocument; onPublished: (version: number) => void }) {
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const save = useMutation(trpc.manager.program.saveDraft.mutationOptions());
  const publish = useMutation(trpc.manager.program.publish.mutationOptions({ onSuccess: (r) => onPublished(r.version) }));
  const problem = apiProblem(publish.error ?? save.error, ['effectiveAt']);
  const busy = save.isPending || publish.isPending;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    publish.reset();
    await save.mutateAsync({ document });
    await publish.mutateAsync(when === 'later' && at ? { effectiveAt: new Date(at).toISOString() } : {}).catch(() => undefined);
  };
  const close = () => {
    publish.reset();
    onClose();
  };
  return (
    <Modal open={open} onClose={close} title="Publish the draft">
      {publish.data ? (
        <>
          <FormMessage tone="success" message={`Version ${publish.data.version} is published, effective ${new Date(publish.data.effectiveAt).toLocaleString()}.`} />
          <button type="button" className="btn btn-primary" onClick={close}>Done</button>
        </>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e).catch(() => undefined)}>
          <p className="muted small">Orders are earned with the version in effect at their own time, so a late sale from an offline till still earns what it would have then.</p>
          <FormMessage message={problem.message} />
          <fieldset>
            <legend>Takes effect</legend>
            <div className="stack-sm">
              <label className="check">
                <input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} /> Now
              </label>
              <label className="check">
                <input type="radio" name="when" checked={when === 'later'} onChange={() => setWhen('later')} /> At a later time
              </label>
            </div>
          </fieldset>
          {when === 'later' && <TextField label="Effective at" type="datetime-local" value={at} onChange={setAt} error={problem.fields.effectiveAt} required />}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Publishing…' : 'Publish version'}
            </button>
            <button type="button" className="btn btn-ghost" onClick={close}>Cancel</button>
          </div>
        </form>
      )}
    </Modal>
  );
}
