// Spring Boot's `server.port`, read the way Spring reads it: application.properties with the Java
// properties syntax (any key order, `=`, `:` or a space, comments, continuations) and
// application.yml/.yaml parsed as YAML (nested or dotted keys; the first document without a
// profile wins, as a default profile run does). A `${PORT:8080}` placeholder gives its default.
import { parseAllDocuments } from 'yaml';
import type { ProjectTree } from './project-tree';

/** The configured port and the file and key that set it, or null. */
export function springServerPort(
  tree: ProjectTree,
  dir = 'src/main/resources',
): { port: number; source: string } | null {
  const props = tree.read(`${dir}/application.properties`);
  if (props !== null) {
    const value = readProperties(props).get('server.port');
    const port = value ? portValue(value) : null;
    if (port) return { port, source: `${dir}/application.properties server.port=${value}` };
  }
  for (const name of ['application.yml', 'application.yaml']) {
    const text = tree.read(`${dir}/${name}`);
    if (text === null) continue;
    for (const doc of safeDocs(text)) {
      const v = doc as Record<string, unknown> | null;
      if (!v || typeof v !== 'object' || profileOf(v)) continue;
      const raw = (v.server as Record<string, unknown> | undefined)?.port ?? v['server.port'];
      const port = raw === undefined ? null : portValue(String(raw));
      if (port) return { port, source: `${dir}/${name} server.port: ${String(raw)}` };
    }
  }
  return null;
}

/** Java .properties: key → value (later keys win). */
export function readProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length)
      line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    const m = /^((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.replace(/\\(.)/g, '$1'), m[2]!.trim());
    else out.set(line.trim(), '');
  }
  return out;
}

function portValue(value: string): number | null {
  const m = /^\$\{[A-Z_]+:(\d+)\}$/.exec(value.trim()) ?? /^(\d+)$/.exec(value.trim());
  const port = m ? Number(m[1]) : NaN;
  return port > 0 && port < 65536 ? port : null;
}

function profileOf(doc: Record<string, unknown>): unknown {
  const spring = doc.spring as Record<string, unknown> | undefined;
  return (
    (spring?.config as Record<string, unknown> | undefined)?.activate ??
    spring?.profiles ??
    doc['spring.profiles'] ??
    doc['spring.config.activate.on-profile']
  );
}

function safeDocs(text: string): unknown[] {
  try {
    return parseAllDocuments(text).map((d) => (d.errors.length ? null : d.toJS()));
  } catch {
    return [];
  }
}
