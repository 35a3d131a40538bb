/** What this till needs to talk to the API: kept in localStorage, or the local demo key when there is one. */
export interface TillSettings {
  url: string;
  terminalKey: string;
  currency: string;
  storeId?: string;
}

const KEY = 'omniloyal-pos-settings';

export function savedSettings(): TillSettings | undefined {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as TillSettings | null;
    return parsed?.terminalKey ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveSettings(settings: TillSettings): void {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

/** On a developer's machine the API hands out the demo till key (see apps/api/src/pos-demo-config.ts). */
export async function demoSettings(origin: string): Promise<TillSettings | undefined> {
  try {
    const response = await fetch(`${origin}/pos/demo-config.json`, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) return undefined;
    const config = (await response.json()) as { terminalKey?: string; storeId?: string };
    return config.terminalKey ? { url: origin, terminalKey: config.terminalKey, currency: 'USD', ...(config.storeId ? { storeId: config.storeId } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
