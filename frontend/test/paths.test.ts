import { describe, expect, it } from 'vitest';
import { basename, dirname, isWithin, join, languageFor, normalize, rebase, sortEntries, validateName } from '../src/paths';

describe('path helpers', () => {
  it('normalizes the root and redundant separators', () => {
    expect(normalize('')).toBe('');
    expect(normalize('.')).toBe('');
    expect(normalize('./src//a.ts/')).toBe('src/a.ts');
  });

  it('splits into dirname and basename', () => {
    expect(dirname('src/main/App.java')).toBe('src/main');
    expect(dirname('README.md')).toBe('');
    expect(basename('src/main/App.java')).toBe('App.java');
    expect(basename('README.md')).toBe('README.md');
  });

  it('joins relative to the root without a leading slash', () => {
    expect(join('', 'a.txt')).toBe('a.txt');
    expect(join('src', 'a.txt')).toBe('src/a.txt');
  });

  it('knows containment by whole segments', () => {
    expect(isWithin('src/a.ts', 'src')).toBe(true);
    expect(isWithin('src', 'src')).toBe(true);
    expect(isWithin('srcx/a.ts', 'src')).toBe(false);
    expect(isWithin('anything', '')).toBe(true);
  });

  it('rebases paths after a folder rename', () => {
    expect(rebase('old/x/y.ts', 'old', 'new')).toBe('new/x/y.ts');
    expect(rebase('old', 'old', 'new')).toBe('new');
    expect(rebase('older/y.ts', 'old', 'new')).toBe('older/y.ts');
  });

  it('rejects names that are not one segment', () => {
    expect(validateName('ok.txt')).toBeNull();
    expect(validateName('  ')).not.toBeNull();
    expect(validateName('..')).not.toBeNull();
    expect(validateName('a/b')).not.toBeNull();
    expect(validateName('a\\b')).not.toBeNull();
  });

  it('sorts directories first, then names naturally and case-insensitively', () => {
    const sorted = sortEntries([
      { path: 'b.txt', type: 'file' },
      { path: 'file10.txt', type: 'file' },
      { path: 'Zeta', type: 'directory' },
      { path: 'file2.txt', type: 'file' },
      { path: 'alpha', type: 'directory' },
      { path: 'A.txt', type: 'file' },
    ] as const);
    expect(sorted.map((e) => e.path)).toEqual(['alpha', 'Zeta', 'A.txt', 'b.txt', 'file2.txt', 'file10.txt']);
  });
});

describe('languageFor', () => {
  const langs = [
    { id: 'typescript', extensions: ['.ts', '.tsx'] },
    { id: 'dockerfile', extensions: ['.dockerfile'], filenames: ['Dockerfile'] },
    { id: 'json', extensions: ['.json'] },
    { id: 'dts', extensions: ['.d.ts'] },
  ];

  it('matches by extension, preferring the longest one', () => {
    expect(languageFor('src/app.ts', langs)).toBe('typescript');
    expect(languageFor('types/x.d.ts', langs)).toBe('dts');
    expect(languageFor('package.JSON', langs)).toBe('json');
  });

  it('matches exact file names first', () => {
    expect(languageFor('deploy/Dockerfile', langs)).toBe('dockerfile');
  });

  it('falls back to plain text, also for a bare extension-like name', () => {
    expect(languageFor('notes.unknown', langs)).toBe('plaintext');
    expect(languageFor('.ts', langs)).toBe('plaintext');
  });
});
