import { hash, randomBytes } from 'node:crypto';

/**
 * Opaque secrets (session tokens, terminal and integration keys, member codes): random, shown once,
 * stored only as a SHA-256 hash. They carry 256 bits of entropy, so a fast hash is enough here;
 * slow hashing is for low-entropy passwords.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** One native call (crypto.hash, Node 20.12+): every till's request hashes its key, and a Hash object costs more. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}
