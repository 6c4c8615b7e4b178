// The Python part of a generated Dockerfile. The app gets a virtual environment of its own
// (/opt/venv, first on PATH), as users of the official images do: every installer (pip, uv, poetry,
// pdm, pipenv) installs into it, so what a base image preinstalled in the system site-packages
// (Debian's packages on the local stand-in) never conflicts with the app's pins. Only an offline
// build (PIP_NO_INDEX set) lets the venv see the system site-packages: with no index, the base's
// packages are all it can have. Installers run from a throwaway tool venv, so neither the tool nor its
// dependencies end up beside the app's. Dependencies are installed from the manifest (and its lockfile)
// before the sources are copied; a project that declares console scripts (`[project.scripts]`,
// `[tool.poetry.scripts]`) is then installed itself, without dependencies, so its script is on PATH.
// Tool versions are pinned so a rebuild resolves the same way.
import type { AppAnalysis } from '../analysis/types';
import { guardRequirements } from '../build/requirements-guard';
import { dependencyRun } from './package-env';

/** Package-index settings as build arguments (unset: PyPI). */
export const PYTHON_INDEX_ARGS = [
  '# Package index for mirrors and offline builds (unset: PyPI).',
  'ARG PIP_INDEX_URL',
  'ARG PIP_NO_INDEX',
  'ARG PIP_NO_DEPS',
];

/** Where the app's virtual environment lives in the image. */
export const PYTHON_VENV = '/opt/venv';

const CACHE = '/root/.cache/pip';
const TOOL_VENV = '/tmp/tekton-tool';
// Each tool with what it needs pinned beside it: the export plugin Poetry 2 no longer bundles, and the
// hishel pdm 2.29 was written against (hishel 2 removed `SyncSqliteStorage`, which pdm's HTTP cache uses).
const TOOLS = {
  uv: 'uv==0.13.9',
  poetry: 'poetry==2.5.1 poetry-plugin-export==1.10.1',
  pdm: "pdm==2.29.4 'hishel[httpx2]==1.4.0'",
  pipenv: 'pipenv==2026.10.3',
};

/** The RUN that creates the app's venv (system site-packages visible only when offline: see the header). */
export function venvRun(): string {
  return `RUN python3 -m venv \${PIP_NO_INDEX:+--system-site-packages} ${PYTHON_VENV}`;
}

/**
 * `command(tool)` run with `tool` installed in a throwaway venv (removed afterwards, so no layer keeps it).
 * The tool is called by its path: PATH keeps the app's venv first, so a `pip` in `command` is the app's.
 */
function withTool(tool: keyof typeof TOOLS, command: (bin: string) => string): string {
  return (
    `python3 -m venv ${TOOL_VENV} && ${TOOL_VENV}/bin/pip install ${TOOLS[tool]}` +
    ` && ${command(`${TOOL_VENV}/bin/${tool}`)} && rm -rf ${TOOL_VENV}`
  );
}

/** `[project] dependencies` as a requirements file, read by the image's own Python (tomli before 3.11). */
function pep621Requirements(): string {
  const read =
    "python3 -c \"import sys; t = __import__('tomllib' if sys.version_info >= (3, 11) else 'tomli');" +
    " print(chr(10).join(t.load(open('pyproject.toml', 'rb'))" +
    ".get('project', {}).get('dependencies', [])))\" > /tmp/requirements.txt";
  const tomli = "(python3 -c 'import tomllib' 2>/dev/null || pip install tomli==2.0.1)";
  return `${tomli} && ${read} && ${guardRequirements('/tmp/requirements.txt')}pip install -r /tmp/requirements.txt`;
}

/** The dependency install of each package manager: what to copy first, and the command (run in the venv). */
function installSteps(app: AppAnalysis): Record<string, [string, string]> {
  const lock = (f: string) => (app.details[`has:${f}`] ? ` ${f}` : '');
  // Beside the index credentials, pip reads no option from a project's file (requirements-guard.ts).
  const exported = `${guardRequirements('/tmp/requirements.txt')}pip install -r /tmp/requirements.txt`;
  return {
    pip: ['COPY requirements.txt ./', `${guardRequirements('requirements.txt')}pip install -r requirements.txt`],
    pyproject: ['COPY pyproject.toml ./', pep621Requirements()],
    // The lock exported and installed by pip, which honours PIP_INDEX_URL and needs only the simple index
    // (`poetry install` reads PyPI's per-version JSON API, which mirrors and proxies often lack).
    poetry: [
      `COPY pyproject.toml${lock('poetry.lock')} ./`,
      withTool(
        'poetry',
        (poetry) =>
          `${app.details['has:poetry.lock'] ? '' : `${poetry} lock && `}` +
          `${poetry} export --only main --without-hashes -o /tmp/requirements.txt && ${exported}`,
      ),
    ],
    uv: [
      `COPY pyproject.toml${lock('uv.lock')} ./`,
      app.details['has:uv.lock']
        ? withTool(
            'uv',
            (uv) =>
              `${uv} export --frozen --no-dev --no-hashes --no-emit-project -o /tmp/requirements.txt` +
              ` && ${guardRequirements('/tmp/requirements.txt')}${uv} pip install --python ${PYTHON_VENV}/bin/python -r /tmp/requirements.txt`,
          )
        : withTool('uv', (uv) => `${uv} pip install --python ${PYTHON_VENV}/bin/python -r pyproject.toml`),
    ],
    // `pipenv verify` is --deploy's check (the lock matches the Pipfile); without a lock, one is made first.
    pipenv: [
      `COPY Pipfile${lock('Pipfile.lock')} ./`,
      withTool(
        'pipenv',
        (pipenv) =>
          `${pipenv} ${app.details['has:Pipfile.lock'] ? 'verify' : 'lock'}` +
          ` && ${pipenv} requirements > /tmp/requirements.txt && ${exported}`,
      ),
    ],
    // pdm installs into the active venv (VIRTUAL_ENV) from its lock: `pdm export` refuses locks written
    // before pdm recorded environment markers. pdm reads its own index setting, so pip's is passed on.
    pdm: [
      `COPY pyproject.toml${lock('pdm.lock')} ./`,
      withTool(
        'pdm',
        (pdm) =>
          'export PDM_PYPI_URL="${PDM_PYPI_URL:-${PIP_INDEX_URL:-https://pypi.org/simple}}"' +
          ` && ${pdm} ${app.details['has:pdm.lock'] ? 'sync' : 'install'} --prod --no-self --no-editable`,
      ),
    ],
  };
}

/** The stages of a Python app (no build stage: wheels install into the final image). */
export function pythonStages(app: AppAnalysis): {
  build: string[];
  runtime: string[];
  packages: string[];
  env: string[];
} {
  const env = [
    'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    `ENV VIRTUAL_ENV=${PYTHON_VENV} PATH="${PYTHON_VENV}/bin:$PATH"`,
  ];
  const pm = app.packageManager;
  const steps = installSteps(app);
  const fromPyproject = app.details.depsFile === 'pyproject.toml' && (pm === 'pip' || pm === 'hatch');
  const step = fromPyproject ? steps.pyproject : pm ? steps[pm] : undefined;
  const venv = ["# The app's own virtual environment (on PATH): independent of what the base preinstalled.", venvRun()];
  const install = step ? [step[0], dependencyRun('pip', step[1], { cache: CACHE })] : [];
  // The project itself, for its console scripts: its dependencies are already installed above.
  // Building the project runs its own build backend (setup.py...): a step without the index credentials.
  const self = app.details.scripts
    ? [dependencyRun('pip', 'pip install --no-deps .', { cache: CACHE, kind: 'scripts' })]
    : [];
  return {
    build: [],
    packages: [],
    env,
    runtime: [...PYTHON_INDEX_ARGS, ...venv, ...install, `COPY . .`, ...self],
  };
}
