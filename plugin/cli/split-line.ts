// Splits a REPL line into words the way a POSIX shell does for the simple cases users type:
// whitespace separates, '...' and "..." group, a backslash escapes the next character.

/** Words of a line; throws a clear error for an unterminated quote. */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote)
    throw new Error(`unterminated ${quote === '"' ? 'double' : 'single'} quote in: ${line}; close it and try again`);
  if (inWord) words.push(word);
  return words;
}

/** The word being typed at the end of a line (for completion): '' after a space. */
export function lastPartial(line: string): { before: string[]; partial: string } {
  const m = /(?:^|\s)(\S*)$/.exec(line);
  const partial = m?.[1] ?? '';
  const head = line.slice(0, line.length - partial.length);
  let before: string[];
  try {
    before = splitLine(head);
  } catch {
    before = head.trim().split(/\s+/).filter(Boolean);
  }
  return { before, partial };
}
