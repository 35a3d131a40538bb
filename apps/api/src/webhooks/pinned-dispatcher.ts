import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Agent } from 'undici';
import { systemResolveHost, undialableAddresses, type ResolveHost } from './destination-guard.ts';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The DNS lookup a webhook connection dials with: the host's addresses (from `resolveHost`), refused
 * unless every one of them is public. Checking here, in the lookup the socket itself uses, leaves no gap
 * between the check and the connection: a name whose answers alternate (DNS rebinding with a zero TTL)
 * cannot pass a check with a public address and then be dialled at a private one.
 */
export function publicOnlyLookup(resolveHost: ResolveHost) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolveHost(hostname).then(
      (addresses) => {
        const refused = undialableAddresses(hostname, addresses);
        if (refused) {
          callback(Object.assign(new Error(`destination refused: ${refused}`), { code: 'EWEBHOOKDESTINATION' }), []);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => isIP(a) === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), []);
          return;
        }
        if (options.all) callback(null, wanted.map((address) => ({ address, family: isIP(address) })));
        else callback(null, wanted[0]!, isIP(wanted[0]!));
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

const agents = new WeakMap<ResolveHost, Agent>();

/**
 * The connection pool webhooks are sent through, dialling only what `publicOnlyLookup` allows (one per
 * resolver). undici is loaded on the first delivery: imported at start-up it cost every server, most with no
 * webhook to send, 50-60 MB of resident memory (bench:api peak RSS 227 and 230 MB; loaded lazily, 163 MB).
 */
export async function pinnedDispatcher(resolveHost: ResolveHost = systemResolveHost): Promise<Agent> {
  let agent = agents.get(resolveHost);
  if (!agent) {
    const { Agent } = await import('undici');
    agent = new Agent({ connect: { lookup: publicOnlyLookup(resolveHost) } });
    agents.set(resolveHost, agent);
  }
  return agent;
}
