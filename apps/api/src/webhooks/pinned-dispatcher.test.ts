import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { publicOnlyLookup } from './pinned-dispatcher.ts';

const answering = (...addresses: string[]) => async () => addresses;

/** What the lookup hands the socket: the error, or what it would dial. */
function lookUp(lookup: ReturnType<typeof publicOnlyLookup>, options: LookupOptions) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
    lookup('hooks.example.com', options, (error, address, family) => resolve({ error, address, ...(family === undefined ? {} : { family }) })));
}

describe('publicOnlyLookup (the lookup webhook connections dial with)', () => {
  it('gives the socket every public address, or the first one, as it asks', async () => {
    const lookup = publicOnlyLookup(answering('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'));
    expect(await lookUp(lookup, { all: true })).toEqual({
      error: null,
      address: [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }],
    });
    expect(await lookUp(lookup, {})).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(await lookUp(lookup, { family: 6 })).toEqual({ error: null, address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 });
  });

  it('refuses the name when any of its addresses is not public, so nothing is dialled', async () => {
    const { error, address } = await lookUp(publicOnlyLookup(answering('93.184.215.14', '10.0.0.7')), { all: true });
    expect(error?.message).toBe('destination refused: hooks.example.com resolves to 10.0.0.7, a private network address; webhooks go only to public addresses');
    expect(address).toEqual([]);
  });

  it('passes a resolver failure on, and a name with no addresses is an error', async () => {
    const failing = publicOnlyLookup(async () => {
      throw Object.assign(new Error('queryA ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' });
    });
    expect((await lookUp(failing, { all: true })).error?.code).toBe('ENOTFOUND');
    expect((await lookUp(publicOnlyLookup(answering()), { all: true })).error?.message).toMatch(/could not resolve hooks\.example\.com/);
    expect((await lookUp(publicOnlyLookup(answering('93.184.215.14')), { family: 6 })).error?.code).toBe('ENOTFOUND');
  });
});
