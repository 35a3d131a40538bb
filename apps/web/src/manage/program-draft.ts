import { createContext, useContext } from 'react';
import { formatPath, type Problem } from '@omniloyal/core';

export type Path = readonly (string | number)[];
/** The draft as the manager edits it: any JSON, possibly invalid; validation says what is wrong and where. */
export type DraftDocument = Record<string, unknown>;

export interface ProgramDraft {
  doc: DraftDocument;
  /** Sets the value at a path; `undefined` removes an object key, so optional fields can be cleared. */
  set(path: Path, value: unknown): void;
  /** The problem at exactly this path. */
  problem(path: Path): string | undefined;
  /** How many problems sit at or under this path (for badges on collapsed sections). */
  problemsUnder(path: Path): number;
}

export const ProgramDraftContext = createContext<ProgramDraft | null>(null);

export function useProgramDraft(): ProgramDraft {
  const draft = useContext(ProgramDraftContext);
  if (!draft) throw new Error('useProgramDraft outside the program editor');
  return draft;
}

export function getIn(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** Immutable set: copies each object or array along the path. */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  const current = (root ?? (typeof key === 'number' ? [] : {})) as Record<string | number, unknown>;
  const next = setIn(current[key], rest, value);
  if (Array.isArray(current)) {
    const copy = [...current];
    copy[key as number] = next;
    return copy as T;
  }
  const copy = { ...current };
  if (next === undefined) {
    delete copy[key];
    // Clearing the last optional field of an optional object (limits, budget, lines) clears the object.
    if (Object.keys(copy).length === 0) return undefined as T;
  } else copy[key] = next;
  return copy as T;
}

export function problemIndex(problems: readonly Problem[]) {
  const byPath = new Map<string, string>();
  for (const p of problems) if (!byPath.has(p.path)) byPath.set(p.path, p.message);
  return {
    problem: (path: Path) => byPath.get(formatPath(path)),
    problemsUnder: (path: Path) => {
      const prefix = formatPath(path);
      return problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`)).length;
    },
  };
}
