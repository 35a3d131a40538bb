import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { formatDate } from '../ui/format.ts';
import { CreateStoreForm } from './CreateStoreForm.tsx';
import { ApiKeysCard } from './ApiKeysCard.tsx';
import { usePermissions } from './permissions.ts';

export function StoresPage() {
  const { editProgram } = usePermissions();
  const stores = useQuery(trpc.manager.stores.list.queryOptions());
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Stores & keys</h1>
          <p>Stores, the terminal keys their tills use, and integration keys for the website, app and partners.</p>
        </div>
      </div>
      <div className="grid-2">
        <section className="card table-wrap" aria-labelledby="stores-heading">
          <h2 id="stores-heading">Stores</h2>
          <FormMessage message={apiProblem(stores.error).message} />
          <table>
            <thead>
              <tr><th scope="col">Store</th><th scope="col">Time zone</th><th scope="col">Since</th></tr>
            </thead>
            <tbody>
              {stores.data?.map((s) => (
                <tr key={s.id}>
                  <td><strong>{s.name}</strong><div className="small muted">{s.id}{s.address ? ` · ${s.address}` : ''}</div></td>
                  <td>{s.timeZone ?? 'program zone'}</td>
                  <td>{formatDate(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {editProgram && <CreateStoreForm />}
      </div>
      <ApiKeysCard stores={stores.data ?? []} canEdit={editProgram} />
    </div>
  );
}
