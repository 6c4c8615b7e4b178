// Python dependency installs go into the app's own venv, whatever the base preinstalled: the venv
// is on PATH before any install, sees the system site-packages only in an offline build, and every
// installer (pip, uv, poetry, pdm, pipenv) targets it from a throwaway tool venv.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toClassicBuilder } from '../../../plugin/docker/dockerfile/classic-variant';
import { PYTHON_VENV, venvRun } from '../../../plugin/docker/dockerfile/python-stages';
import { planProject } from '../../../plugin/docker/plan-project';

const env = { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent-tekton-state' };
const dockerfile = (name: string) =>
  planProject({ target: resolve(__dirname, '../../../examples', name), env }).apps[0]!.buildDockerfile;
const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l));
const runLine = (text: string, re: RegExp) => text.split('\n').find((l) => l.startsWith('RUN ') && re.test(l)) ?? '';

describe('Python installs into the app venv', () => {
  it('puts the venv on PATH and creates it before the first install (pip: examples/myapp)', () => {
    const text = dockerfile('myapp');
    expect(text).toMatch(new RegExp(`^ENV VIRTUAL_ENV=${PYTHON_VENV} PATH="${PYTHON_VENV}/bin:\\$PATH"$`, 'm'));
    const venv = lineOf(text, /^RUN python3 -m venv /);
    expect(venv).toBeGreaterThan(lineOf(text, /^ARG PIP_NO_INDEX$/));
    expect(venv).toBeLessThan(lineOf(text, /pip install -r requirements\.txt/));
    expect(text).not.toMatch(/--system(\s|$)/m);
  });

  it('sees the system site-packages only when PIP_NO_INDEX is set (offline builds rely on the base)', () => {
    const script = venvRun().replace(/^RUN /, '').replace('python3 -m venv', 'echo');
    const sh = (vars: Record<string, string>) =>
      execFileSync('sh', ['-c', script], { env: vars, encoding: 'utf8' }).trim();
    expect(sh({})).toBe(PYTHON_VENV);
    expect(sh({ PIP_NO_INDEX: '1' })).toBe(`--system-site-packages ${PYTHON_VENV}`);
  });

  it('poetry: the lock exported and installed by the venv pip, poetry itself in a throwaway venv', () => {
    const run = runLine(dockerfile('corpus/python-poetry'), /poetry/);
    expect(run).toMatch(
      /python3 -m venv \/tmp\/tekton-tool && \/tmp\/tekton-tool\/bin\/pip install poetry==\S+ poetry-plugin-export==\S+/,
    );
    expect(run).toMatch(
      /\/tmp\/tekton-tool\/bin\/poetry export --only main .*&& pip install -r \/tmp\/requirements\.txt && rm -rf \/tmp\/tekton-tool$/,
    );
    expect(run).not.toMatch(/poetry lock/);
  });

  it("pdm: syncs its lock into the active venv, with pip's index passed on", () => {
    const run = runLine(dockerfile('corpus/python-pdm'), /pdm/);
    expect(run).toMatch(/PDM_PYPI_URL="\$\{PDM_PYPI_URL:-\$\{PIP_INDEX_URL:-https:\/\/pypi\.org\/simple\}\}"/);
    expect(run).toMatch(/\/tmp\/tekton-tool\/bin\/pdm sync --prod --no-self --no-editable/);
  });

  it("pipenv: verifies the lock (--deploy's check) and installs its requirements with the venv pip", () => {
    const run = runLine(dockerfile('corpus/python-pipenv'), /pipenv/);
    expect(run).toMatch(
      /bin\/pipenv verify && \/tmp\/tekton-tool\/bin\/pipenv requirements > \/tmp\/requirements\.txt && \$\{TEKTON_REQUIREMENTS_GUARD:-:\} \/tmp\/requirements\.txt && pip install -r/,
    );
    expect(dockerfile('corpus/python-pipenv')).toMatch(/^COPY Pipfile Pipfile\.lock \.\/$/m);
  });

  it('uv: installs into the venv by its interpreter, not --system', () => {
    const run = runLine(dockerfile('corpus/python-uv'), /uv/);
    expect(run).toMatch(new RegExp(`uv pip install --python ${PYTHON_VENV}/bin/python -r`));
  });

  it("the classic variant keeps the tool venv's pip cache out of the layer too", () => {
    const classic = toClassicBuilder(dockerfile('corpus/python-poetry'));
    expect(classic).toMatch(/\/tmp\/tekton-tool\/bin\/pip install --no-cache-dir poetry==/);
    expect(classic).toMatch(/&& pip install --no-cache-dir -r \/tmp\/requirements\.txt/);
  });
});
