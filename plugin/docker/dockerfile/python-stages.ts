// The Python part of a generated Dockerfile. Dependencies are installed from the manifest (and its
// lockfile) before the sources are copied; a project that declares console scripts
// (`[project.scripts]`, `[tool.poetry.scripts]`) is then installed itself, without dependencies,
// so its script is on PATH. Tool versions are pinned so a rebuild resolves the same way.
import type { AppAnalysis } from '../analysis/types';
import { dependencyRun } from './package-env';

/** Package-index settings as build arguments (unset: PyPI). */
export const PYTHON_INDEX_ARGS = [
  '# Package index for mirrors and offline builds (unset: PyPI).',
  'ARG PIP_INDEX_URL',
  'ARG PIP_NO_INDEX',
  'ARG PIP_NO_DEPS',
];

const OWN = '--chown=10001:10001';
const CACHE = '/root/.cache/pip';
const TOOLS = { uv: 'uv==0.13.9', poetry: 'poetry==2.5.1', pdm: 'pdm==2.29.4', pipenv: 'pipenv==2026.10.3' };

/** `[project] dependencies` as a requirements file, read by the image's own Python (tomli before 3.11). */
function pep621Requirements(): string {
  const read =
    "python3 -c \"import sys; t = __import__('tomllib' if sys.version_info >= (3, 11) else 'tomli');" +
    " print(chr(10).join(t.load(open('pyproject.toml', 'rb'))" +
    ".get('project', {}).get('dependencies', [])))\" > /tmp/requirements.txt";
  const tomli = "(python3 -c 'import tomllib' 2>/dev/null || pip install tomli==2.0.1)";
  return `${tomli} && ${read} && pip install -r /tmp/requirements.txt`;
}

/** The stages of a Python app (no build stage: wheels install into the final image). */
export function pythonStages(app: AppAnalysis): {
  build: string[];
  runtime: string[];
  packages: string[];
  env: string[];
} {
  const env = ['ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1'];
  const lock = (f: string) => (app.details[`has:${f}`] ? ` ${f}` : '');
  const pm = app.packageManager;
  const steps: Record<string, [string, string]> = {
    pip: ['COPY requirements.txt ./', 'pip install -r requirements.txt'],
    pyproject: ['COPY pyproject.toml ./', pep621Requirements()],
    poetry: [
      `COPY pyproject.toml${lock('poetry.lock')} ./`,
      `pip install ${TOOLS.poetry} && poetry config virtualenvs.create false` +
        ' && poetry install --only main --no-root --no-interaction',
    ],
    uv: [
      `COPY pyproject.toml${lock('uv.lock')} ./`,
      app.details['has:uv.lock']
        ? `pip install ${TOOLS.uv} && uv export --frozen --no-dev --no-hashes --no-emit-project` +
          ' -o /tmp/requirements.txt && uv pip install --system -r /tmp/requirements.txt'
        : `pip install ${TOOLS.uv} && uv pip install --system -r pyproject.toml`,
    ],
    pipenv: [
      `COPY Pipfile${lock('Pipfile.lock')} ./`,
      `pip install ${TOOLS.pipenv} && pipenv install --system${app.details['has:Pipfile.lock'] ? ' --deploy' : ''}`,
    ],
    pdm: [
      `COPY pyproject.toml${lock('pdm.lock')} ./`,
      `pip install ${TOOLS.pdm} && pdm export --prod --without-hashes -o /tmp/requirements.txt` +
        ' && pip install -r /tmp/requirements.txt',
    ],
  };
  const fromPyproject = app.details.depsFile === 'pyproject.toml' && (pm === 'pip' || pm === 'hatch');
  const step = fromPyproject ? steps.pyproject : pm ? steps[pm] : undefined;
  const install = step ? [...PYTHON_INDEX_ARGS, step[0], dependencyRun('pip', step[1], { cache: CACHE })] : [];
  // The project itself, for its console scripts: its dependencies are already installed above.
  const self = app.details.scripts ? [dependencyRun('pip', 'pip install --no-deps .', { cache: CACHE })] : [];
  return { build: [], packages: [], env, runtime: [...install, `COPY ${OWN} . .`, ...self] };
}
