import { describe, expect, it } from 'vitest';
import { fuzzyMatch, segmentsFromPositions } from '../src/quick/fuzzy';

describe('fuzzyMatch', () => {
  it('needs the characters in order, ignoring case', () => {
    expect(fuzzyMatch('mts', 'src/Main.ts')).toBeDefined();
    expect(fuzzyMatch('smt', 'src/Main.ts')?.positions).toEqual([0, 4, 9]);
    expect(fuzzyMatch('stm', 'src/Main.ts')).toBeUndefined();
    expect(fuzzyMatch('xyz', 'src/Main.ts')).toBeUndefined();
    expect(fuzzyMatch('tsm', 'Main.ts')).toBeUndefined();
  });

  it('prefers word starts and runs over scattered characters', () => {
    const m = fuzzyMatch('main', 'src/domain/main.ts')!;
    expect(m.positions).toEqual([11, 12, 13, 14]);
    const camel = fuzzyMatch('gc', 'src/git/GitClient.ts')!;
    expect(camel.positions).toEqual([8, 11]);
  });

  it('ranks file-name matches above directory matches', () => {
    const inName = fuzzyMatch('app', 'src/App.java')!;
    const inDir = fuzzyMatch('app', 'app/src/Main.java')!;
    expect(inName.score).toBeGreaterThan(inDir.score);
  });

  it('an empty query matches everything with no highlight', () => {
    expect(fuzzyMatch('', 'a/b')).toEqual({ score: 0, positions: [] });
  });
});

describe('segmentsFromPositions', () => {
  it('splits text into matched and unmatched runs', () => {
    expect(segmentsFromPositions('Main.ts', [0, 1, 5])).toEqual([
      { text: 'Ma', match: true }, { text: 'in.', match: false }, { text: 't', match: true }, { text: 's', match: false },
    ]);
  });
});
