// The requirements file a pip or uv step reads beside the index credentials is the project's (or
// exported from its lock), and pip obeys options written in it: `--no-binary :all:` undoes the
// PIP_ONLY_BINARY the credentials file sets, so an sdist's setup code runs with the password in reach
// (red team B06); `-i`/`--extra-index-url`/`-f` point pip at other indexes, `${VAR}` expands the
// environment (the password included) into a URL, `-r`/`-c`/`-e` pull in files and local builds. No
// setting of pip turns the reading of those options off, so the credentials step reads no option from
// a project file: this guard, defined by the credentials file (so it exists only where the credentials
// do), rewrites the file before pip opens it. It keeps named requirements (name, extras, version
// specifiers, markers, `--hash`), drops every other option line with a warning, and stops the step
// naming the line for what cannot be installed wheels-only from the user's index (includes, editables,
// URLs, paths, `$`). Python, because the image that runs the step has it and this is its grammar.

/** The shell variable a generated step calls the guard through: unset (no credentials), `:` runs. */
export const GUARD_VAR = 'TEKTON_REQUIREMENTS_GUARD';

/** The step's command prefix that guards `file` when the credentials are there, and does nothing otherwise. */
export function guardRequirements(file: string): string {
  return `\${${GUARD_VAR}:-:} ${file} && `;
}

const GUARD_PY = String.raw`import re, sys
path = sys.argv[1]
NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
VER = r"(?:===|==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+"
REQ = re.compile(r"^%s\s*(?:\[\s*%s(?:\s*,\s*%s)*\s*\])?\s*(?:\(?\s*%s(?:\s*,\s*%s)*\s*\)?)?\s*(?:;[A-Za-z0-9_.<>=!~ '\"(),-]*)?$" % (NAME, NAME, NAME, VER, VER))
HASH = re.compile(r"^--hash[= ](?:sha256|sha384|sha512):[0-9a-fA-F]+$")
INCLUDES = ("-r", "--requirement", "-c", "--constraint", "-e", "--editable")
text = open(path, encoding="utf-8").read()
keep, dropped, refused = [], [], []
for n, raw in enumerate(re.sub(r"\\\r?\n", " ", text).splitlines(), 1):
    line = re.sub(r"(^|\s)#.*$", "", raw).strip()
    if not line:
        continue
    if line.startswith("-"):
        option = re.split(r"[\s=]", line, 1)[0]
        (refused if option in INCLUDES else dropped).append((n, line))
        continue
    parts = re.split(r"\s+(?=--)", line)
    if "$" in line or not REQ.match(parts[0]) or not all(HASH.match(p) for p in parts[1:]):
        refused.append((n, line))
    else:
        keep.append(line)
where = "tekton: %s, in the step that holds the index credentials" % path
for n, line in dropped:
    sys.stderr.write("%s: line %d %r ignored: options of a project file are not read there (wheels only, from your index)\n" % (where, n, line[:200]))
for n, line in refused:
    sys.stderr.write("%s: line %d %r refused: only named requirements are installed there (no includes, editables, URLs, paths or $); publish it as a wheel to your index, or build without the index credentials\n" % (where, n, line[:200]))
if refused:
    sys.exit(1)
open(path, "w", encoding="utf-8").write("".join(l + "\n" for l in keep))
`;

/** The shell lines the credentials file carries: the guard as a function, and the variable naming it. */
export function requirementsGuardShell(): string[] {
  return [
    'tekton_requirements_guard() {',
    `python3 - "$1" <<'TEKTON_REQUIREMENTS_GUARD_PY'`,
    ...GUARD_PY.trimEnd().split('\n'),
    'TEKTON_REQUIREMENTS_GUARD_PY',
    '}',
    `${GUARD_VAR}=tekton_requirements_guard`,
  ];
}
