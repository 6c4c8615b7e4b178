// YAML documents generated from project values (compose.yaml, the Kubernetes export). The yaml
// package quotes every scalar correctly; what it cannot know is that the reader expands `$` after
// parsing: Compose interpolates `$VAR` and `${VAR}` in every value, Kubernetes `$(VAR)` in a
// container's command, args and env values. There `$` is doubled (`$$` reads back as `$`). Unsafe
// characters are refused (unsafe-value.ts), so each value parses back as exactly what was given.
import { stringify } from 'yaml';
import { safeText } from './unsafe-value';

/** compose.yaml text for `doc` (every string value escaped for Compose interpolation). */
export function composeYaml(doc: Record<string, unknown>): string {
  return stringify(
    mapStrings(doc, () => true),
    { aliasDuplicateObjects: false },
  );
}

/** A Kubernetes manifest for `doc` (command, args and env values escaped for `$(VAR)` expansion). */
export function k8sYaml(doc: Record<string, unknown>): string {
  return stringify(
    mapStrings(doc, (path) => {
      const [last, ...rest] = [...path].reverse();
      const inList = typeof last === 'number' ? rest[0] : last;
      return inList === 'command' || inList === 'args' || (last === 'value' && rest.some((k) => k === 'env'));
    }),
    { aliasDuplicateObjects: false },
  );
}

type Path = ReadonlyArray<string | number>;

// Copies `v`, checking every key and string and doubling `$` in the strings `expands` names.
function mapStrings(v: unknown, expands: (path: Path) => boolean, path: Path = []): unknown {
  if (typeof v === 'string') {
    safeText(v, `the YAML value at ${path.join('.') || 'the top'}`);
    return expands(path) ? v.replace(/\$/g, '$$$$') : v;
  }
  if (Array.isArray(v)) return v.map((x, i) => mapStrings(x, expands, [...path, i]));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      out[safeText(k, `a YAML key at ${path.join('.') || 'the top'}`)] = mapStrings(x, expands, [...path, k]);
    return out;
  }
  return v;
}
