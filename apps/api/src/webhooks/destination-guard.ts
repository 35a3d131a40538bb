import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may be sent. A webhook endpoint makes this server send requests to an address a program
 * manager typed in; unchecked, that is a way into the network the server sits in (Postgres on
 * 127.0.0.1:5432, the cloud metadata service on 169.254.169.254, neighbours on 10.x). So by default a
 * destination must be a public address over https.
 */
export interface WebhookDestinationPolicy {
  /**
   * Development and tests only (WEBHOOK_ALLOW_PRIVATE_NETWORKS=1): loopback and private addresses are
   * allowed, and so is plain http, because a receiver on a laptop or in a test has no certificate.
   */
  allowPrivateNetworks: boolean;
}

export const publicDestinationsOnly: WebhookDestinationPolicy = { allowPrivateNetworks: false };

/** A host name's addresses, every one of them (A and AAAA). Tests pass their own so they need no DNS. */
export type ResolveHost = (host: string) => Promise<string[]>;

export const systemResolveHost: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why `url` may not be a webhook destination, judged from the URL alone (no DNS), or undefined if it may.
 * The reason reads after the field's name: "url: must use https://...".
 *
 * https is required because an event carries member ids and balances: the signature proves who sent it
 * but hides nothing, and only TLS keeps it private on the way. Plain http is allowed together with
 * private networks, since that is how a receiver on a developer's machine or in a test listens.
 */
export function destinationProblem(url: string, policy: WebhookDestinationPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be a http:// or https:// URL';
  if (parsed.username || parsed.password) {
    return 'must not contain a user name or password (receivers check the webhook signature instead)';
  }
  if (policy.allowPrivateNetworks) return undefined;
  if (parsed.protocol !== 'https:') return 'must use https:// (events carry member data, which plain http would expose on the way)';
  const host = hostOf(parsed);
  // *.localhost names the machine itself whatever DNS says (RFC 6761), so it is refused without asking DNS.
  if (host === 'localhost' || host.endsWith('.localhost')) return `must not point at ${host}, this server itself; webhooks go only to public addresses`;
  // The URL parser has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1, the host fetch dials.
  const kind = isIP(host) ? nonPublicKind(host) : undefined;
  if (kind) return `must not point at ${host}, ${kind}; webhooks go only to public addresses`;
  return undefined;
}

export type DestinationCheck = { allowed: true } | { allowed: false; reason: string; permanent: boolean };

/**
 * Checked again just before each delivery, because the policy may have changed since the endpoint was
 * registered and because a public name may resolve to a private address (DNS rebinding): the host is
 * resolved and refused if ANY of its addresses is not public, since fetch may connect to any of them.
 *
 * `permanent` is true when the URL itself is refused: no retry can change it. A name that resolves to a
 * private address, or does not resolve, may be fixed in DNS, so that is an ordinary failed attempt.
 *
 * This check gives the clear reason in the usual case; the connection's own lookup checks the addresses
 * it dials once more (pinned-dispatcher.ts), so a name whose answers alternate with a zero TTL cannot
 * pass here with a public address and be dialled at a private one.
 */
export async function checkDeliveryDestination(
  url: string,
  policy: WebhookDestinationPolicy,
  resolveHost: ResolveHost = systemResolveHost,
): Promise<DestinationCheck> {
  const problem = destinationProblem(url, policy);
  if (problem) return { allowed: false, reason: `url ${problem}`, permanent: true };
  if (policy.allowPrivateNetworks) return { allowed: true };
  const host = hostOf(new URL(url));
  if (isIP(host)) return { allowed: true };
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return { allowed: false, reason: `could not resolve ${host} (${code})`, permanent: false };
  }
  const refused = undialableAddresses(host, addresses);
  return refused ? { allowed: false, reason: refused, permanent: false } : { allowed: true };
}

/**
 * Why a host with these addresses may not be dialled (none at all, or the first non-public one), or
 * undefined: the one judgement of both this check and the connection's own lookup (pinned-dispatcher.ts).
 */
export function undialableAddresses(host: string, addresses: readonly string[]): string | undefined {
  if (addresses.length === 0) return `could not resolve ${host} (no addresses)`;
  for (const address of addresses) {
    const kind = nonPublicKind(address);
    if (kind) return `${host} resolves to ${address}, ${kind}; webhooks go only to public addresses`;
  }
  return undefined;
}

/** How the environment value reads: "1" turns the escape hatch on, "0" or nothing leaves it off. */
export function allowPrivateNetworksSetting(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`WEBHOOK_ALLOW_PRIVATE_NETWORKS: must be 1 (allow private networks, for development) or 0, not "${value}"`);
}

function hostOf(url: URL): string {
  // [::1] → ::1; a trailing dot (localhost.) names the same host.
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/** What ipaddr.js calls each range we refuse, in words for the message. */
const rangeNames: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  carrierGradeNat: 'a carrier-grade NAT address',
};

/**
 * What kind of non-public address this is ("a loopback address"), or undefined for a public one. Only
 * ipaddr.js's "unicast" (no special range) passes: an allow-list, so reserved, documentation and
 * tunnelling ranges (6to4, Teredo, NAT64, which can wrap a private IPv4 address) are refused too. An
 * IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it reaches.
 */
function nonPublicKind(address: string): string | undefined {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address);
  } catch {
    return 'an address that cannot be read';
  }
  const range = ip.range();
  if (range === 'unicast') return undefined;
  const kind = rangeNames[range] ?? `a reserved address (${range})`;
  return isIP(address) === 6 && ip.kind() === 'ipv4' ? `${kind} (IPv4 ${ip.toString()})` : kind;
}
