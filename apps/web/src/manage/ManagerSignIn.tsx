import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { BrandMark } from '../ui/BrandMark.tsx';
import { FormMessage } from '../ui/FormMessage.tsx';
import { TextField } from '../ui/TextField.tsx';

export function ManagerSignIn({ signedInAsShopper }: { signedInAsShopper: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const queryClient = useQueryClient();
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const problem = apiProblem(login.error, ['email', 'password']);
  // The same sign-in serves shoppers; here only a manager account gets in.
  const notManager = login.data && login.data.kind !== 'manager' ? 'This account is a member account, not a manager account.' : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <div className="auth-page">
      <section className="auth-hero">
        <span className="brand" style={{ color: 'white' }}>
          <BrandMark /> Omniloyal
        </span>
        <h1>Program console</h1>
        <p>Earning rules, rewards, tiers and members — and what every change does to your liability before you publish it.</p>
      </section>
      <main className="auth-form-wrap">
        <form className="auth-form card stack" onSubmit={submit} noValidate>
          <h2>Manager sign in</h2>
          {signedInAsShopper && <FormMessage tone="warning" message="You are signed in as a member. Sign in with a manager account to continue." />}
          <FormMessage message={problem.message ?? notManager} />
          <TextField label="Work email" type="email" autoComplete="username" value={email} onChange={setEmail} error={problem.fields.email} />
          <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={problem.fields.password} />
          <button className="btn btn-primary btn-block" type="submit" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
