import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { TextField } from '../ui/TextField.tsx';
import { FormMessage } from '../ui/FormMessage.tsx';
import { AuthLayout } from './AuthLayout.tsx';

const FIELDS = ['name', 'email', 'password', 'phone', 'birthday'] as const;
type Form = Record<(typeof FIELDS)[number], string>;

/** Checks the browser can make before a round trip; the API re-checks everything and has the last word. */
function localProblems(form: Form): Partial<Form> {
  const problems: Partial<Form> = {};
  if (form.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) problems.email = 'must be an email address';
  if (form.password && form.password.length < 10) problems.password = 'must be at least 10 characters';
  if (form.phone && !/^\+?[0-9 ()-]{7,20}$/.test(form.phone.trim())) problems.phone = 'must be a phone number such as +1 206 555 0100';
  return problems;
}

export function SignUpPage() {
  const [form, setForm] = useState<Form>({ name: '', email: '', password: '', phone: '', birthday: '' });
  const [touched, setTouched] = useState<Partial<Record<keyof Form, boolean>>>({});
  const queryClient = useQueryClient();
  const signup = useMutation(trpc.auth.signup.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const problem = apiProblem(signup.error, FIELDS);
  const local = localProblems(form);
  const errorFor = (field: keyof Form) => (touched[field] ? local[field] : undefined) ?? problem.fields[field];
  const set = (field: keyof Form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const blur = (field: keyof Form) => () => setTouched((t) => ({ ...t, [field]: true }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ name: true, email: true, password: true, phone: true, birthday: true });
    if (Object.keys(local).length > 0) return;
    signup.mutate({
      email: form.email,
      password: form.password,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      ...(form.birthday ? { birthday: form.birthday } : {}),
    });
  };
  return (
    <AuthLayout title="Join Rewards">
      <form className="stack" onSubmit={submit} noValidate>
        <FormMessage message={problem.message} />
        <TextField label="First name" autoComplete="given-name" value={form.name} onChange={set('name')} onBlur={blur('name')} error={errorFor('name')} />
        <TextField label="Email" type="email" autoComplete="email" value={form.email} onChange={set('email')} onBlur={blur('email')} error={errorFor('email')} required />
        <TextField label="Password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} onBlur={blur('password')} error={errorFor('password')} hint="At least 10 characters" required />
        <TextField label="Phone (optional)" type="tel" autoComplete="tel" value={form.phone} onChange={set('phone')} onBlur={blur('phone')} error={errorFor('phone')} hint="Lets the barista find you at the till" />
        <TextField label="Birthday (optional)" type="date" value={form.birthday} onChange={set('birthday')} error={errorFor('birthday')} hint="For a treat on your birthday" />
        <button className="btn btn-primary btn-block" type="submit" disabled={signup.isPending}>
          {signup.isPending ? 'Creating your account…' : 'Join now'}
        </button>
      </form>
      <p className="muted small">
        Already a member? <Link to="/signin">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
