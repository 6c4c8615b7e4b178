// Parser for Tekton's .env files (~/.env, $TEKTON_ROOT/.env.tekton, $TEKTON_ROOT/.env.local).
// Tekton reads them with python-dotenv, so we accept the same everyday forms: `KEY=value`,
// `export KEY=value`, single or double quotes, blank lines, `#` comments.

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;

/** Parses .env text into key/value pairs; lines that are not assignments are ignored. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(raw)) continue;
    const m = LINE.exec(raw);
    if (!m) continue;
    out[m[1]!] = parseValue(m[2]!);
  }
  return out;
}

function parseValue(rest: string): string {
  const v = rest.trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    if (end > 0) {
      const inner = v.slice(1, end);
      // Only double quotes expand escapes, as in python-dotenv.
      return q === '"' ? inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : inner;
    }
  }
  // An unquoted value ends at a ` #` comment.
  const hash = v.search(/\s#/);
  return (hash >= 0 ? v.slice(0, hash) : v).trim();
}
