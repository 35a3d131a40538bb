import { describe, expect, it } from 'vitest';
import { GroupCommit, type GroupAnswer, type GroupCommitOptions } from './group-commit.ts';

/** A GroupCommit whose calls the test ends by hand: `calls` holds each call's requests and its answer. */
function groupWithHeldCalls(options: Omit<GroupCommitOptions<string, number>, 'postMany'>) {
  const calls: { items: number[]; answer: () => void }[] = [];
  const group = new GroupCommit<string, number>({
    ...options,
    postMany: (items) => new Promise<GroupAnswer<string>[]>((resolve) => {
      calls.push({ items, answer: () => resolve(items.map((item) => ({ ok: true, value: `posted ${item}` }))) });
    }),
  });
  return { group, calls, sizes: () => calls.map((call) => call.items.length) };
}

/** One turn of the event loop: a group sends its call at the end of the turn its requests arrived in. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('sends a call behind a running one only once the queue holds minShareBehind of the last call', async () => {
    const { group, calls, sizes } = groupWithHeldCalls({ maxInFlight: 2, minShareBehind: 0.5 });
    const answers: Promise<string>[] = [];
    const submit = (n: number) => {
      for (let i = 0; i < n; i++) answers.push(group.submit(answers.length));
    };

    submit(8);
    await turn();
    expect(sizes()).toEqual([8]);

    // 3 is less than half of 8: they wait for the running call rather than go nearly empty behind it
    submit(3);
    await turn();
    expect(sizes()).toEqual([8]);
    submit(1);
    await turn();
    expect(sizes()).toEqual([8, 4]);

    // two in flight: the next waits whatever its size, and goes when a call ends
    submit(6);
    await turn();
    expect(sizes()).toEqual([8, 4]);
    calls[0]!.answer();
    await turn();
    await turn();
    expect(sizes()).toEqual([8, 4, 6]);

    // with nothing in flight a request goes at once, alone
    calls[1]!.answer();
    calls[2]!.answer();
    await Promise.all(answers);
    await turn();
    submit(1);
    await turn();
    expect(sizes()).toEqual([8, 4, 6, 1]);
    calls[3]!.answer();

    // every caller got the answer to its own request
    expect(await Promise.all(answers)).toEqual(answers.map((_, i) => `posted ${i}`));
  });

  it('when a call ends with none left in flight, sends what queued meanwhile at once, not a turn later', async () => {
    const { group, calls, sizes } = groupWithHeldCalls({ maxInFlight: 1 });
    const answers = Array.from({ length: 3 }, (_, i) => group.submit(i));
    await turn();
    expect(sizes()).toEqual([3]);
    answers.push(group.submit(3), group.submit(4));
    await turn();
    expect(sizes()).toEqual([3]);

    calls[0]!.answer();
    await Promise.all(answers.slice(0, 3));
    // a few promise jobs later, within the same turn: no setImmediate has run since the answer
    for (let i = 0; i < 5; i++) await null;
    expect(sizes()).toEqual([3, 2]);

    // and a request arriving later, with nothing in flight, still waits for the end of its turn
    calls[1]!.answer();
    await Promise.all(answers);
    answers.push(group.submit(5));
    expect(sizes()).toEqual([3, 2]);
    await turn();
    expect(sizes()).toEqual([3, 2, 1]);
    calls[2]!.answer();
    expect(await Promise.all(answers)).toEqual(answers.map((_, i) => `posted ${i}`));
  });

  it('without minShareBehind, sends the first request that arrives behind the running call', async () => {
    const { group, calls, sizes } = groupWithHeldCalls({ maxInFlight: 2 });
    const answers = Array.from({ length: 8 }, (_, i) => group.submit(i));
    await turn();
    answers.push(group.submit(8));
    await turn();
    expect(sizes()).toEqual([8, 1]);
    for (const call of calls) call.answer();
    expect(await Promise.all(answers)).toEqual(answers.map((_, i) => `posted ${i}`));
  });
});
