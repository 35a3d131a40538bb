/** The error a form shows at its top when the API named no field of the form. */
export function FormMessage({ message, tone = 'error' }: { message: string | undefined; tone?: 'error' | 'success' | 'warning' }) {
  if (!message) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {message}
    </div>
  );
}
