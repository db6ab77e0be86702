export type Theme = 'dark' | 'light';

const KEY = 'stratus.theme';

export function initialTheme(): Theme {
  let stored: string | null = null;
  try { stored = localStorage.getItem(KEY); } catch { /* storage blocked */ }
  if (stored === 'dark' || stored === 'light') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, persist: boolean): void {
  document.documentElement.dataset.theme = theme;
  if (persist) {
    try { localStorage.setItem(KEY, theme); } catch { /* storage blocked */ }
  }
}
