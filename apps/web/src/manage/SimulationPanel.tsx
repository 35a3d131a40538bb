import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';
import { formatMoney, formatNumber } from '../ui/format.ts';
import { SAMPLE_BASKETS, toSimulationOrder } from './sample-baskets.ts';
import type { DraftDocument } from './program-draft.ts';
import { SimulationResultTable } from './SimulationResultTable.tsx';

/** Runs the draft beside the version in effect, on sample baskets or on the last N days of real orders. */
export function SimulationPanel({ doc, valid }: { doc: DraftDocument; valid: boolean }) {
  const [chosen, setChosen] = useState<string[]>(SAMPLE_BASKETS.map((b) => b.id));
  const [days, setDays] = useState('30');
  const simulate = useMutation(trpc.manager.program.simulate.mutationOptions());
  const problem = apiProblem(simulate.error, ['replayDays', 'orders']);
  const currency = String((doc.program as { currency?: string } | undefined)?.currency ?? 'USD');
  const runSamples = () =>
    simulate.mutate({ document: doc, orders: SAMPLE_BASKETS.filter((b) => chosen.includes(b.id)).map((b) => toSimulationOrder(b, currency)) });
  const runReplay = () => simulate.mutate({ document: doc, replayDays: Number(days) });
  const result = simulate.data;
  return (
    <section className="card stack" aria-labelledby="simulate-heading">
      <h2 id="simulate-heading">Simulate</h2>
      {!valid && <FormMessage tone="warning" message="Fix the problems in the draft to simulate it." />}
      <fieldset>
        <legend>Sample baskets</legend>
        <div className="stack-sm">
          {SAMPLE_BASKETS.map((b) => (
            <label key={b.id} className="check">
              <input type="checkbox" checked={chosen.includes(b.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, b.id] : c.filter((x) => x !== b.id)))} />
              {b.label} · {formatMoney(b.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0), currency)}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="button" className="btn btn-primary" disabled={!valid || chosen.length === 0 || simulate.isPending} onClick={runSamples}>
        Simulate on {chosen.length} sample basket{chosen.length === 1 ? '' : 's'}
      </button>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <div style={{ flex: 1 }}>
          <TextField label="Real orders from the last (days)" inputMode="numeric" value={days} onChange={setDays} error={problem.fields.replayDays} />
        </div>
        <button type="button" className="btn btn-secondary" disabled={!valid || simulate.isPending} onClick={runReplay}>
          Replay
        </button>
      </div>
      <FormMessage message={problem.message ?? problem.fields.orders} />
      {simulate.isPending && <div className="skeleton" style={{ height: 120 }} />}
      {result && (
        <div className="stack-sm" data-testid="simulation-result">
          <div className="row-between small">
            <span>
              {formatNumber(result.orders)} order{result.orders === 1 ? '' : 's'} · against version {result.currentVersion}
            </span>
          </div>
          <SimulationResultTable result={result} currency={currency} />
        </div>
      )}
    </section>
  );
}
