import { z } from 'zod';

export const emailInput = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' })).pipe(z.string().max(254));
export const passwordInput = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');
export const phoneInput = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, 'must be a phone number such as +1 206 555 0100');
export const birthdayInput = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });
export const nameInput = z.string().trim().min(1).max(200);
