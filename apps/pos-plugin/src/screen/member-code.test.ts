import { expect, it } from 'vitest';
import { enrollmentFrom, identifyAttempts } from './member-code.ts';

it('reads what a cashier types or a scanner sends', () => {
  expect(identifyAttempts(' Ada@Example.com ')).toEqual([{ by: 'email', value: 'Ada@Example.com' }]);
  expect(identifyAttempts('mc_AbC-123')).toEqual([{ by: 'qr', value: 'mc_AbC-123' }]);
  expect(identifyAttempts('+1 (202) 555-0101')).toEqual([{ by: 'phone', value: '+12025550101' }]);
  expect(identifyAttempts('202 555 0101').map((a) => a.by)).toEqual(['phone', 'phone', 'card']);
  expect(identifyAttempts('6000123412341234')[0]).toEqual({ by: 'card', value: '6000123412341234' });
  expect(identifyAttempts('GOLD-CARD-7')).toEqual([{ by: 'card', value: 'GOLD-CARD-7' }, { by: 'qr', value: 'GOLD-CARD-7' }]);
  expect(identifyAttempts('   ')).toEqual([]);
  expect(enrollmentFrom('2025550101')).toEqual({ phone: '+12025550101' });
  expect(enrollmentFrom('new@example.com')).toEqual({ email: 'new@example.com' });
  expect(enrollmentFrom('CARD-1')).toBeUndefined();
});
