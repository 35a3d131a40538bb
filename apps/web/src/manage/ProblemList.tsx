/** Every problem with its path, for problems whose field is in another tab or collapsed. */
export function ProblemList({ problems }: { problems: readonly { path: string; message: string }[] }) {
  return (
    <ul className="problem-list" aria-label="Problems in the draft">
      {problems.slice(0, 12).map((p) => (
        <li key={`${p.path}:${p.message}`}>
          <code>{p.path || 'document'}</code> {p.message}
        </li>
      ))}
      {problems.length > 12 && <li className="muted">and {problems.length - 12} more</li>}
    </ul>
  );
}
