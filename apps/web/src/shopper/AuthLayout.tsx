import type { ReactNode } from 'react';
import { BrandMark } from '../ui/BrandMark.tsx';

/** The brand panel beside (or above, on phones) the sign-in and sign-up forms. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <section className="auth-hero">
        <span className="brand" style={{ color: 'white' }}>
          <BrandMark /> Rewards
        </span>
        <h1>Every visit counts.</h1>
        <p>Earn Stars in store, online and in the app — one balance, everywhere. Free drinks, food and more, on us.</p>
      </section>
      <main className="auth-form-wrap">
        <div className="auth-form card stack">
          <h2>{title}</h2>
          {children}
        </div>
      </main>
    </div>
  );
}
