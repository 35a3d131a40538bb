import { describe, expect, it } from 'vitest';
import { callerFor } from '../../testing/test-context.ts';
import { TEST_PASSWORD } from '../../testing/fixtures.ts';
import { credentialFromSession } from '../../auth/sessions.ts';
import { useTestProgram } from '../../testing/use-test-program.ts';

const s = useTestProgram();

describe('auth', () => {
  it('signs a shopper up into the default program with a session that identifies the new member', async () => {
    let token: string | undefined;
    const anonymous = callerFor(s.t.db, { kind: 'anonymous' }, { defaultProgramId: s.p.programId, onSessionCookie: (v) => (token = v) });
    const me = await anonymous.auth.signup({ email: ' Ada@Example.com ', password: 'a long password', name: 'Ada', birthday: '1990-05-01' });
    expect(me).toMatchObject({ kind: 'shopper', programId: s.p.programId, email: 'ada@example.com', name: 'Ada' });
    expect(token).toMatch(/^ses_/);
    const credential = await credentialFromSession(s.t.db, token!);
    expect(credential).toMatchObject({ kind: 'shopper', memberId: me.memberId });
    // The token itself is not stored, only its hash.
    const stored = await s.t.db.selectFrom('sessions').select('token_hash').where('member_id', '=', me.memberId).execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
  });

  it('refuses a second signup with the same email, naming the field', async () => {
    const anonymous = callerFor(s.t.db, { kind: 'anonymous' }, { defaultProgramId: s.p.programId });
    await anonymous.auth.signup({ email: 'bob@example.com', password: 'a long password' });
    await expect(anonymous.auth.signup({ email: 'BOB@example.com', password: 'another password' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^email:/),
    });
  });

  it('rejects bad signup input with the field named', async () => {
    const anonymous = callerFor(s.t.db, { kind: 'anonymous' }, { defaultProgramId: s.p.programId });
    await expect(anonymous.auth.signup({ email: 'not-an-email', password: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const count = await s.t.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await s.t.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(again.n).toBe(count.n);
  });

  it('logs managers and shoppers in, and refuses a wrong password without saying which part was wrong', async () => {
    let token: string | undefined;
    const anonymous = callerFor(s.t.db, { kind: 'anonymous' }, { defaultProgramId: s.p.programId, onSessionCookie: (v) => (token = v) });
    const manager = await anonymous.auth.login({ email: 'owner.a@example.com', password: TEST_PASSWORD });
    expect(manager).toMatchObject({ kind: 'manager', role: 'owner', programId: s.p.programId });
    expect(await credentialFromSession(s.t.db, token!)).toMatchObject({ kind: 'manager', role: 'owner' });

    await anonymous.auth.signup({ email: 'cy@example.com', password: 'a long password' });
    const shopper = await anonymous.auth.login({ email: 'cy@example.com', password: 'a long password' });
    expect(shopper.kind).toBe('shopper');

    await expect(anonymous.auth.login({ email: 'cy@example.com', password: 'wrong password' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The email or password is not right',
    });
    await expect(anonymous.auth.login({ email: 'nobody@example.com', password: 'wrong password' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'The email or password is not right',
    });
  });

  it('ends the session on logout', async () => {
    let token: string | undefined;
    const anonymous = callerFor(s.t.db, { kind: 'anonymous' }, { defaultProgramId: s.p.programId, onSessionCookie: (v) => (token = v) });
    await anonymous.auth.signup({ email: 'dee@example.com', password: 'a long password' });
    const credential = (await credentialFromSession(s.t.db, token!))!;
    await callerFor(s.t.db, credential).auth.logout();
    expect(await credentialFromSession(s.t.db, token!)).toBeUndefined();
  });
});
