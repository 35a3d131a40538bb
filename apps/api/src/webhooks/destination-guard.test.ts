import { describe, expect, it } from 'vitest';
import { allowPrivateNetworksSetting, checkDeliveryDestination, destinationProblem, publicDestinationsOnly } from './destination-guard.ts';

const devNetwork = { allowPrivateNetworks: true };
const answering = (...addresses: string[]) => async () => addresses;

describe('destinationProblem', () => {
  it.each([
    'https://hooks.example.com/x',
    'https://93.184.215.14/hooks',
    'https://[2606:4700:4700::1111]/hooks',
    // An IPv4-mapped address is judged as the IPv4 address it reaches: here a public one.
    'https://[::ffff:8.8.8.8]/hooks',
  ])('allows the public destination %s', (url) => {
    expect(destinationProblem(url, publicDestinationsOnly)).toBeUndefined();
  });

  it.each([
    ['https://127.1/hooks', /127\.0\.0\.1, a loopback address/],
    ['https://0x7f000001/hooks', /127\.0\.0\.1, a loopback address/],
    ['https://172.16.0.1/hooks', /a private network address/],
    ['https://192.168.1.10/hooks', /a private network address/],
    ['https://100.64.0.1/hooks', /a carrier-grade NAT address/],
    ['https://255.255.255.255/hooks', /the broadcast address/],
    ['https://[fe80::1]/hooks', /a link-local address/],
    ['https://[::]/hooks', /the unspecified address/],
    ['https://[::ffff:169.254.169.254]/hooks', /a link-local address \(IPv4 169\.254\.169\.254\)/],
    // 6to4 wrapping 127.0.0.1: tunnelling ranges are not "unicast", so they are refused as reserved.
    ['https://[2002:7f00:1::1]/hooks', /a reserved address \(6to4\)/],
    ['https://localhost./hooks', /localhost, this server itself/],
    ['https://LOCALHOST/hooks', /localhost, this server itself/],
  ])('refuses %s', (url, reason) => {
    expect(destinationProblem(url, publicDestinationsOnly)).toMatch(reason);
  });

  it('with private networks allowed, accepts loopback over http but still refuses credentials and other schemes', () => {
    expect(destinationProblem('http://127.0.0.1:4000/hooks', devNetwork)).toBeUndefined();
    expect(destinationProblem('http://localhost:4000/hooks', devNetwork)).toBeUndefined();
    expect(destinationProblem('http://:secret@127.0.0.1/hooks', devNetwork)).toMatch(/user name or password/);
    expect(destinationProblem('file:///etc/passwd', devNetwork)).toMatch(/http:\/\/ or https:\/\//);
  });
});

describe('checkDeliveryDestination', () => {
  it('refuses a name if any of its addresses is not public, as a failure that may be retried', async () => {
    expect(await checkDeliveryDestination('https://hooks.example.com/x', publicDestinationsOnly, answering('2606:4700::6810:84e5', 'fd00::5'))).toEqual({
      allowed: false,
      permanent: false,
      reason: 'hooks.example.com resolves to fd00::5, a unique-local address; webhooks go only to public addresses',
    });
    expect(await checkDeliveryDestination('https://hooks.example.com/x', publicDestinationsOnly, answering('::ffff:10.1.2.3'))).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/a private network address \(IPv4 10\.1\.2\.3\)/),
    });
    expect(await checkDeliveryDestination('https://hooks.example.com/x', publicDestinationsOnly, answering('93.184.215.14'))).toEqual({ allowed: true });
  });

  it('refuses a URL that is not allowed in itself for good, without asking DNS', async () => {
    let asked = 0;
    const resolve = async () => {
      asked += 1;
      return ['93.184.215.14'];
    };
    expect(await checkDeliveryDestination('https://169.254.169.254/latest/meta-data/', publicDestinationsOnly, resolve)).toEqual({
      allowed: false,
      permanent: true,
      reason: 'url must not point at 169.254.169.254, a link-local address; webhooks go only to public addresses',
    });
    expect(await checkDeliveryDestination('https://localhost/hooks', publicDestinationsOnly, resolve)).toMatchObject({ allowed: false, permanent: true });
    expect(asked).toBe(0);
  });

  it('a name that does not resolve is a failure that may be retried', async () => {
    const unresolvable = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.invalid'), { code: 'ENOTFOUND' });
    };
    expect(await checkDeliveryDestination('https://hooks.invalid/x', publicDestinationsOnly, unresolvable)).toEqual({
      allowed: false,
      permanent: false,
      reason: 'could not resolve hooks.invalid (ENOTFOUND)',
    });
  });

  it('with private networks allowed, does not ask DNS at all', async () => {
    const resolve = async (): Promise<string[]> => {
      throw new Error('DNS must not be asked');
    };
    expect(await checkDeliveryDestination('http://localhost:4000/hooks', devNetwork, resolve)).toEqual({ allowed: true });
  });
});

describe('allowPrivateNetworksSetting', () => {
  it('reads 1 as on, 0 or nothing as off, and names the variable for anything else', () => {
    expect(allowPrivateNetworksSetting('1')).toBe(true);
    expect(allowPrivateNetworksSetting('0')).toBe(false);
    expect(allowPrivateNetworksSetting(undefined)).toBe(false);
    expect(() => allowPrivateNetworksSetting('yes')).toThrow(/^WEBHOOK_ALLOW_PRIVATE_NETWORKS: must be 1/);
  });
});
