import { describe, expect, it } from 'vitest';
import { lastPartial, splitLine } from '../../../plugin/cli/split-line';

describe('splitLine', () => {
  it('splits on whitespace and groups quotes', () => {
    expect(splitLine(`myapp-container-ci "how's redis?"  --json`)).toEqual([
      'myapp-container-ci',
      "how's redis?",
      '--json',
    ]);
    expect(splitLine(`a 'b c' d\\ e "x\\"y" ''`)).toEqual(['a', 'b c', 'd e', 'x"y', '']);
    expect(splitLine('   ')).toEqual([]);
  });
  it('refuses an unterminated quote, saying so', () => {
    expect(() => splitLine('say "hello')).toThrow(/unterminated double quote/);
  });
  it('finds the word being typed', () => {
    expect(lastPartial('docker bu')).toEqual({ before: ['docker'], partial: 'bu' });
    expect(lastPartial('docker ')).toEqual({ before: ['docker'], partial: '' });
    expect(lastPartial('')).toEqual({ before: [], partial: '' });
  });
});
