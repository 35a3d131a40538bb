import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { TextField } from '../ui/TextField.tsx';
import { FormMessage } from '../ui/FormMessage.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const queryClient = useQueryClient();
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (me) => {
        // A manager who signs in here belongs in the console.
        if (me.kind === 'manager') window.location.assign('/manage');
        else await queryClient.invalidateQueries();
      },
    }),
  );
  const problem = apiProblem(login.error, ['email', 'password']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <AuthLayout title="Sign in">
      <form className="stack" onSubmit={submit} noValidate>
        <FormMessage message={problem.message} />
        <TextField label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} error={problem.fields.email} required />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={problem.fields.password} required />
        <button className="btn btn-primary btn-block" type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted small">
        New here? <Link to="/signup">Join now</Link> and get a welcome bonus.
      </p>
    </AuthLayout>
  );
}
