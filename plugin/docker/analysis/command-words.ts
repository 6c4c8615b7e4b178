// Turning a shell command line (Procfile, package.json script) into exec-form argv, and reading
// the port out of it.

/** Splits a command line into words (quotes honoured); null when it needs a real shell. */
export function splitCommand(line: string): string[] | null {
  if (/[|&;<>`]|\$\(/.test(line.replace(/'[^']*'|"[^"]*"/g, ''))) return null;
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** Exec-form argv for a command line: split when simple, else `sh -c`. */
export function toArgv(line: string): string[] {
  const words = splitCommand(line.trim());
  return words ?? ['sh', '-c', line.trim()];
}

/** Replaces $PORT / ${PORT} / ${PORT:-n} in each word with the chosen port. */
export function substitutePort(argv: string[], port: number | null): string[] {
  if (port === null) return argv;
  return argv.map((w) => w.replace(/\$\{PORT(?::?-[^}]*)?\}|\$PORT\b/g, String(port)));
}

/** A port named in a command: `--port 8000`, `-p 3000`, `--bind 0.0.0.0:8000`, `${PORT:-5000}`. */
export function portFromCommand(line: string): { port: number; text: string } | null {
  const patterns = [
    /(--port[= ]|-p[= ]?)(\d{2,5})\b/,
    /(--bind[= ]|-b[= ]?)\S*:(\d{2,5})\b/,
    /\$\{PORT:?-(\d{2,5})\}/,
    /(?:0\.0\.0\.0|localhost|127\.0\.0\.1|\[::\]):(\d{2,5})\b/,
  ];
  for (const re of patterns) {
    const m = re.exec(line);
    if (m) {
      const port = Number(m[m.length - 1]);
      if (port > 0 && port < 65536) return { port, text: m[0].trim() };
    }
  }
  return null;
}

/** The Python launchers not on PATH in every base: run them through `python3 -m`. */
export function pythonModuleForm(argv: string[]): string[] {
  const first = argv[0];
  if (first === 'uvicorn' || first === 'celery' || first === 'gunicorn' || first === 'flask') {
    return ['python3', '-m', first, ...argv.slice(1)];
  }
  if (first === 'python') return ['python3', ...argv.slice(1)];
  return argv;
}
