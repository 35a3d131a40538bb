import { describe, expect, it } from 'vitest';
import { versionInEffect } from './versions.ts';

describe('versionInEffect', () => {
  const versions = [
    { version: 1, effectiveAt: '2026-01-01T00:00:00-05:00' },
    { version: 3, effectiveAt: '2026-03-01T00:00:00-05:00' },
    { version: 2, effectiveAt: '2026-02-01T00:00:00-05:00' },
    { version: 4, effectiveAt: '2026-03-01T05:00:00Z' },
  ];

  it('takes the latest effective time not after the instant, whatever the array order', () => {
    expect(versionInEffect(versions, '2026-02-15T12:00:00Z')?.version).toBe(2);
    expect(versionInEffect(versions, new Date('2026-01-01T05:00:00Z'))?.version).toBe(1);
    expect(versionInEffect(versions, '2025-12-31T23:00:00-05:00')).toBeUndefined();
  });

  it('breaks ties on the same instant by the highest version (a rollback re-published)', () => {
    expect(versionInEffect(versions, '2026-03-01T05:00:00Z')?.version).toBe(4);
    expect(versionInEffect([...versions].reverse(), '2026-06-01T00:00:00Z')?.version).toBe(4);
  });

  it('rejects an unreadable instant', () => {
    expect(() => versionInEffect(versions, 'soon')).toThrow(/ISO 8601/);
  });
});
