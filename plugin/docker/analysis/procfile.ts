// Procfile (Heroku's format): `<process>: <command>` per line. `web:` is the main process.

/** Process name → command line, in file order. */
export function parseProcfile(text: string): Array<{ name: string; command: string }> {
  const out: Array<{ name: string; command: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(line.trim());
    if (m && !line.trim().startsWith('#')) out.push({ name: m[1]!, command: m[2]!.trim() });
  }
  return out;
}
