// The one class of characters no generated file holds safely, whatever its syntax: line breaks (they
// end a Dockerfile instruction, a .dockerignore pattern, a comment, and start another), NUL (it ends
// an argv string), and the other control characters (they reach a terminal as escape sequences when
// a plan is printed). Every value taken from a project passes here before it reaches generated text.

/** Error for a value a generated file cannot hold: names the value, where it was going, and why. */
export class UnsafeValue extends Error {
  override name = 'UnsafeValue';
  constructor(
    /** The refused value, exactly as found. */
    readonly value: string,
    /** Where it was going: "a COPY path", "an ENV name"... */
    readonly position: string,
    /** Why that position cannot hold it. */
    readonly why: string,
  ) {
    super(`Refused ${showValue(value)} as ${position}: ${why}`);
  }
}

// C0 controls (\n, \r, NUL, ESC...), DEL, C1 controls (NEL U+0085 among them), and the Unicode line
// and paragraph separators (JavaScript and some YAML readers end a line there).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** `value` as a JSON string with every unsafe character escaped (`\u0085` too): safe to print. */
export function showValue(value: string): string {
  return JSON.stringify(value).replace(
    new RegExp(UNSAFE.source, 'g'),
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

/** The first character of `value` no generated file can hold, described (null when there is none). */
export function unsafeCharacter(value: string): string | null {
  const m = UNSAFE.exec(value);
  if (!m) return null;
  const c = m[0];
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<string, string> = {
    '\n': 'a line feed',
    '\r': 'a carriage return',
    '\u0000': 'a NUL byte',
    '\t': 'a tab',
    '\u001b': 'an escape character',
    '\u0085': 'a next-line character',
    '\u2028': 'a line separator',
    '\u2029': 'a paragraph separator',
  };
  return `${names[c] ?? 'a control character'} (${code})`;
}

/** `value` itself when it holds no unsafe character; throws UnsafeValue otherwise. */
export function safeText(value: string, position: string): string {
  const bad = unsafeCharacter(value);
  if (bad) throw new UnsafeValue(value, position, `it contains ${bad}, which would end the line it is written on`);
  return value;
}
