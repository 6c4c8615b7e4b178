// The one sanitiser for text that came from outside the host (a CI's reply, a service's log, a name
// or label from the engine, an error that quotes them) on its way to a terminal or the web page: a
// reply must not move the cursor, clear the screen, retitle the window, hide text or forge a prompt.
// Escape sequences are removed whole; any other control character is shown as \xNN (or \u{NNNN}), so
// nothing is hidden and the output stays one readable text. Tabs and newlines stay; a carriage
// return becomes a newline.

// ESC followed by: CSI (… final byte), OSC/DCS/SOS/PM/APC (… BEL or ST), or one more character.
// Their 8-bit forms (C1 CSI, OSC, DCS, …) likewise.
const SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -/]*[0-~]?|\u009b[0-?]*[ -/]*[@-~]|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u001b\u009c]*(?:\u0007|\u009c|\u001b\\)?/g;

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
// (which reorder what a terminal shows: "Trojan Source").
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with escape sequences removed and other control characters made visible. */
export function plainText(text: string): string {
  // A lone CR would let later text overwrite earlier text on the same line: it starts a new one.
  return text.replace(/\r\n?/g, '\n').replace(SEQUENCE, '').replace(CONTROL, visible);
}

/** Every string inside a JSON-like value made plain (keys included); other values as they are. */
export function plainData<T>(value: T): T {
  if (typeof value === 'string') return plainText(value) as T;
  if (Array.isArray(value)) return value.map(plainData) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [plainText(k), plainData(v)])) as T;
  return value;
}

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}
