import { formatPath } from '@omniloyal/core';

/**
 * Where in a raw input a string holds U+0000, if anywhere. Postgres text cannot store it, so such input
 * must be refused as bad input up front rather than fail deep in a query.
 */
export function pathOfNul(value: unknown, path: (string | number)[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? formatPath(path) || 'input' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return formatPath([...path, key.replace(/\u0000/g, '')]) || 'input';
      const found = pathOfNul(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
