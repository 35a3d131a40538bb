import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { PageLoading } from '../ui/PageLoading.tsx';
import { Modal } from '../ui/Modal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { usePermissions } from './permissions.ts';

/** Published versions, newest first; a rollback publishes an older version again as a new one. */
export function VersionsPage() {
  const { editProgram } = usePermissions();
  const versions = useQuery(trpc.manager.program.versions.queryOptions());
  const program = useQuery(trpc.manager.program.get.queryOptions());
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<number>();
  const rollback = useMutation(
    trpc.manager.program.publish.mutationOptions({
      onSuccess: () => {
        setTarget(undefined);
        void queryClient.invalidateQueries();
      },
    }),
  );
  if (versions.isPending) return <PageLoading label="Loading versions" />;
  if (versions.isError) return <FormMessage message={apiProblem(versions.error).message} />;
  const live = program.data?.published?.version;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Version history</h1>
          <p>Every published version is kept as it was. Rolling back publishes an older version again.</p>
        </div>
      </div>
      {rollback.data && <FormMessage tone="success" message={`Version ${rollback.data.version} is published (a copy of version ${rollback.variables?.fromVersion}).`} />}
      <section className="card table-wrap" aria-label="Versions">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Effective</th>
              <th scope="col">Published</th>
              <th scope="col">By</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {versions.data.map((v) => (
              <tr key={v.version} data-testid={`version-${v.version}`}>
                <td>
                  <strong>v{v.version}</strong> {v.version === live && <span className="badge">in effect</span>}
                  {new Date(v.effectiveAt) > new Date() && <span className="badge badge-amber">scheduled</span>}
                </td>
                <td>{formatDateTime(v.effectiveAt)}</td>
                <td>{formatDateTime(v.publishedAt)}</td>
                <td>{v.publishedBy}</td>
                <td className="num">
                  {editProgram && v.version !== live && (
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setTarget(v.version)}>
                      Roll back to v{v.version}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Modal open={target !== undefined} onClose={() => setTarget(undefined)} title={`Roll back to version ${target ?? ''}`}>
        <p>This publishes version {target} again as a new version, effective now. Orders from now on earn by its rules.</p>
        <FormMessage message={apiProblem(rollback.error).message} />
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={rollback.isPending} onClick={() => target && rollback.mutate({ fromVersion: target })}>
            {rollback.isPending ? 'Publishing…' : 'Roll back'}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setTarget(undefined)}>Cancel</button>
        </div>
      </Modal>
    </div>
  );
}
