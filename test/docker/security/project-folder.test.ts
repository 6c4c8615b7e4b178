// Boundary 4 (docs/security.md), against the real engine: a cloned project is someone else's code.
// - Links to a host file and a host folder: the plan, the build context and the built image carry
//   nothing of them. Control: the same project with those files really in it (what following the
//   links gave before) puts the marker in the image, and the search finds it.
// - Values that would end a Dockerfile line: a folder name with a line break and RUN is refused by
//   name. Control: the same payload in the comment line the generator wrote before, built by
//   BuildKit, runs the injected RUN. Values with quotes, `$`, `#`, backslashes and backquotes are
//   quoted: the image runs exactly the command the project gave, with the intended instructions.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectValueRefused } from '../../../plugin/docker/analysis/check-values';
import { buildProject, planBuilds } from '../../../plugin/docker/build-project';
import { silentProgress } from '../../../plugin/docker/build/progress';
import { runBuild } from '../../../plugin/docker/build/run-build';
import { writeTar } from '../../../plugin/docker/build/tar-writer';
import { planProject } from '../../../plugin/docker/plan-project';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { removeImages } from '../docker/support/run-built-image';
import { imageHolds } from './support/image-search';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-project-folder-'));
const MARKER = `host-marker-${process.pid}-0f3a9c`;
const DIR_MARKER = `host-dir-marker-${process.pid}-7d21e4`;
const host = join(parent, 'host');
const images: string[] = [];
let state: TestStateDir;

// A small Python app with no dependencies: builds on the local base without reaching an index.
const APP = 'import http.server, json\nprint(json.dumps({"ok": True}), flush=True)\n';

function pythonProject(name: string): string {
  const dir = join(parent, `tekton-test-${name}-${process.pid}`);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'main.py'), APP);
  writeFileSync(join(dir, '.python-version'), '3.11\n');
  writeFileSync(join(dir, 'assets', 'logo.txt'), 'logo\n');
  return dir;
}

async function build(project: string) {
  const { plan, images: built } = await buildProject({
    target: project,
    env: { ...state.env, TEKTON_OFFLINE: '1' },
    docker,
    labels: { 'tekton.test': '1' },
  });
  images.push(...built[0]!.tags);
  return { plan, image: built[0]!.image };
}

beforeAll(async () => {
  state = makeTestStateDir();
  mkdirSync(join(host, 'folder'), { recursive: true });
  writeFileSync(join(host, 'settings.json'), `{"token": "${MARKER}"}\n`);
  writeFileSync(join(host, 'folder', 'notes.py'), `SECRET = "${DIR_MARKER}"\n`);
  await buildCiAssets();
});

afterAll(async () => {
  await removeImages(docker, images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('a project with links to a host file and a host folder', () => {
  let linked: string;
  beforeAll(() => {
    linked = pythonProject('links');
    symlinkSync(join(host, 'settings.json'), join(linked, 'settings.json'));
    symlinkSync(join(host, 'folder'), join(linked, 'lib'));
    symlinkSync('assets', join(linked, 'static'));
  });

  it('control: with those files really in the project, the image holds the markers and the search finds them', async () => {
    const copied = pythonProject('copied');
    cpSync(join(host, 'settings.json'), join(copied, 'settings.json'));
    cpSync(join(host, 'folder'), join(copied, 'lib'), { recursive: true });
    const { image } = await build(copied);
    expect(imageHolds(image, [MARKER, DIR_MARKER]).sort()).toEqual([DIR_MARKER, MARKER].sort());
  });

  it('the plan carries nothing of them and names each skipped link once', () => {
    const plan = planProject({ target: linked, env: state.env });
    const text = JSON.stringify({ ...plan, project: null });
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(DIR_MARKER);
    expect(plan.warnings.filter((w) => w.startsWith('skipped link')).sort()).toEqual([
      `skipped link lib → ${join(host, 'folder')}: outside the project, not read`,
      `skipped link settings.json → ${join(host, 'settings.json')}: outside the project, not read`,
    ]);
  });

  it('the build context sends the links as links, never their targets', () => {
    const { builds } = planBuilds(
      { target: linked, env: { ...state.env, TEKTON_OFFLINE: '1' } },
      { builder: 'buildkit', assets: { tag: 'tekton-ci-assets:v1', digest: 'x' } },
    );
    const context = builds[0]!.context;
    expect(context.find((e) => e.path === 'settings.json')).toMatchObject({ type: 'symlink' });
    expect(context.find((e) => e.path === 'lib')).toMatchObject({ type: 'symlink' });
    const bytes = Buffer.concat(context.map((e) => e.content ?? Buffer.alloc(0))).toString('utf8');
    expect(bytes).not.toContain(MARKER);
    expect(bytes).not.toContain(DIR_MARKER);
  });

  it('the built image holds neither marker (a planted copy is found)', async () => {
    const { image } = await build(linked);
    // The search's own control in the same pass: a string planted beside the layers is found.
    const planted = `planted-${process.pid}`;
    expect(imageHolds(image, [MARKER, DIR_MARKER, planted], planted)).toEqual([planted]);
    // The app itself and the link inside the project made it in.
    const out = execFileSync(
      'docker',
      ['run', '--rm', '--label', 'tekton.test=1', '--entrypoint', 'sh', image, '-c', 'cat /app/static/logo.txt'],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('logo');
  });
});

describe('project values that would end a Dockerfile line', () => {
  const PAYLOAD = 'svc\nRUN touch pwned-by-project #';

  it('control: in the comment line the generator wrote before, BuildKit runs the injected RUN', async () => {
    const tag = `tekton-test-injection-control-${process.pid}`;
    images.push(tag);
    const dockerfile = `FROM tekton-local/debian-slim:bookworm\n# python app in ${PAYLOAD}/; build it with aish\nCMD ["true"]\n`;
    await runBuild(
      docker,
      {
        context: writeTar([{ path: 'Dockerfile', content: Buffer.from(dockerfile) }]),
        dockerfile: 'Dockerfile',
        tag,
        buildargs: {},
        labels: { 'tekton.test': '1' },
        buildkit: true,
      },
      silentProgress,
    );
    const probe = execFileSync(
      'docker',
      ['run', '--rm', '--label', 'tekton.test=1', tag, 'sh', '-c', 'test -e /pwned-by-project && echo injected'],
      { encoding: 'utf8' },
    );
    expect(probe.trim()).toBe('injected');
  });

  it('a folder name with a line break and RUN is refused by name; nothing is built', async () => {
    const mono = join(parent, `tekton-test-injection-${process.pid}`);
    mkdirSync(join(mono, PAYLOAD), { recursive: true });
    writeFileSync(join(mono, PAYLOAD, 'main.py'), APP);
    writeFileSync(join(mono, PAYLOAD, 'requirements.txt'), 'flask\n');
    mkdirSync(join(mono, 'web'));
    writeFileSync(join(mono, 'web', 'package.json'), JSON.stringify({ name: 'w', scripts: { start: 'node s.js' } }));
    writeFileSync(join(mono, 'web', 's.js'), 'require("http").createServer().listen(3000)\n');
    const err = await buildProject({ target: mono, env: state.env, docker, labels: { 'tekton.test': '1' } }).then(
      // Were anything built (the refusal failing), it is still removed after the test.
      (r) => images.push(...r.images.flatMap((i) => i.tags)),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProjectValueRefused);
    expect((err as Error).message).toMatch(
      /^Refused "svc\\nRUN touch pwned-by-project #" \(dir.*contains a line feed \(U\+000A\)/,
    );
    expect(await docker.listImages({ filters: { reference: [`tekton-test-injection-${process.pid}*`] } })).toEqual([]);
  });

  it('a start command full of quotes, $, #, backslashes and backquotes runs exactly as given', async () => {
    const project = pythonProject('quoted');
    const argv = [
      'python3',
      'main.py',
      "it's",
      'say "hi"',
      '$HOME',
      '`id`',
      '# not a comment',
      'back\\slash\\',
      '$(touch /pwned)',
    ];
    writeFileSync(
      join(project, 'Procfile'),
      `web: python3 main.py "it's" 'say "hi"' '$HOME' '\`id\`' '# not a comment' 'back\\slash\\' '$(touch /pwned)'\n`,
    );
    writeFileSync(join(project, 'main.py'), `${APP}import sys\nprint(sys.argv[1:])\n`);
    const { plan, image } = await build(project);
    expect(plan.apps[0]!.app.start).toEqual(argv);
    const config = JSON.parse(execFileSync('docker', ['image', 'inspect', image], { encoding: 'utf8' }))[0].Config;
    expect(config.Cmd).toEqual(argv);
    // The Dockerfile BuildKit got has exactly the instructions of the same project with a plain command.
    const plain = pythonProject('plain');
    writeFileSync(join(plain, 'Procfile'), 'web: python3 main.py plain\n');
    const keywords = (text: string) =>
      DockerfileParser.parse(text)
        .getInstructions()
        .map((i) => i.getKeyword());
    expect(keywords(plan.apps[0]!.buildDockerfile)).toEqual(
      keywords(planProject({ target: plain, env: state.env }).apps[0]!.buildDockerfile),
    );
    const probe = execFileSync(
      'docker',
      ['run', '--rm', '--label', 'tekton.test=1', '--entrypoint', 'sh', image, '-c', 'ls /pwned 2>&1 || true'],
      { encoding: 'utf8' },
    );
    expect(probe).toMatch(/No such file/);
    expect(readFileSync(join(project, 'Procfile'), 'utf8')).toContain('$(touch /pwned)');
  });
});
