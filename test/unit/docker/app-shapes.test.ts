// How the new app shapes are built: what the Dockerfile of each does, checked on the text (pure
// planning from in-memory files, no disk and no engine).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { lintDockerfile } from '../../../plugin/docker/dockerfile/lint-dockerfile';
import { planProjectFrom } from '../../../plugin/docker/plan-project';

const CORPUS = resolve(__dirname, '../../../examples/corpus');

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== 'expected.json') out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const plan = (files: Record<string, string>, name = 'shape') => planProjectFrom(memoryTree(files), { name });
const fixture = (name: string) => plan(filesOf(join(CORPUS, name)), name);

describe('framework shapes', () => {
  it('Next standalone copies only the standalone server and its static files', () => {
    const text = fixture('node-next-standalone').apps[0]!.buildDockerfile;
    expect(text).toMatch(/COPY --from=build \/src\/\.next\/standalone \.\//);
    expect(text).toMatch(/\/src\/\.next\/static \.\/\.next\/static/);
    expect(text).toMatch(/^ENV HOSTNAME=0\.0\.0\.0 PORT=3000$/m);
    expect(text).toMatch(/^CMD \["node","server\.js"\]$/m);
  });

  it('static output (Astro static, Angular, SvelteKit static) runs on Debian + nginx, without Node', () => {
    for (const [name, dir] of [
      ['node-astro-static', 'dist'],
      ['node-angular', 'dist/ng-app/browser'],
      ['node-sveltekit-static', 'build'],
    ]) {
      const text = fixture(name!).apps[0]!.buildDockerfile;
      const final = text.split(/^FROM /m).pop()!;
      expect(final, name).toMatch(/^\$\{RUNTIME_IMAGE\}/);
      expect(final, name).toContain(`root /app/${dir};`);
      expect(final, name).toContain(`COPY --from=build /src/${dir} ./${dir}`);
    }
  });

  it('Astro with the node adapter and Nuxt are node servers on their own output', () => {
    expect(fixture('node-astro-server').apps[0]!.buildDockerfile).toMatch(/^ENV HOST=0\.0\.0\.0 PORT=4321$/m);
    expect(fixture('node-nuxt').apps[0]!.app.start).toEqual(['node', '.output/server/index.mjs']);
  });

  it('a server that lists vite as tooling stays a server', () => {
    const p = plan({
      'package.json': JSON.stringify({
        scripts: { start: 'node server.js' },
        dependencies: { express: '4' },
        devDependencies: { vite: '5' },
      }),
      'server.js': 'require("express")().listen(3000)',
    });
    expect(p.summary).toMatchObject({ framework: 'express', start: 'node server.js', port: 3000 });
  });
});

describe('workspaces', () => {
  it(
    'pnpm: each app its own image from the root; manifests of every member before the sources; libraries ' + 'skipped',
    () => {
      const p = fixture('node-pnpm-workspace');
      expect(p.apps.map((a) => [a.app.dir, a.contextDir])).toEqual([
        ['apps/api', ''],
        ['apps/web', ''],
      ]);
      const api = p.apps[0]!.buildDockerfile;
      const firstSources = api.indexOf('COPY . .');
      for (const m of ['apps/api', 'apps/web', 'packages/shared'])
        expect(api.indexOf(`COPY ${m}/package.json ${m}/`)).toBeLessThan(firstSources);
      expect(api.indexOf('pnpm install --frozen-lockfile')).toBeLessThan(firstSources);
      expect(api).toMatch(/^WORKDIR \/app\/apps\/api$/m);
      expect(p.manifest.applications['api-web']!.workdir).toBe('/app/apps/api');
      expect(p.apps[1]!.buildDockerfile).toMatch(/RUN cd apps\/web && NODE_ENV=production pnpm run build/);
      expect(p.files.filter((f) => f.path.endsWith('.dockerignore')).map((f) => f.path)).toEqual(['.dockerignore']);
      expect(p.warnings.join('\n')).toMatch(/packages\/shared: a library of the workspace \(apps\/api depends on it/);
    },
  );

  it('go.work: members build against their siblings from the root; a module without package main is skipped', () => {
    const p = fixture('go-workspace');
    expect(p.apps.map((a) => a.app.dir)).toEqual(['api', 'worker']);
    expect(p.apps[0]!.buildDockerfile).toMatch(/go build -trimpath -o \/out\/server \.\/api\/cmd\/api$/m);
    expect(p.warnings.join('\n')).toMatch(/lib: go code but no way to start it/);
  });
});

describe('choices among several', () => {
  it('Go: cmd/server beats cmd/migrate, and the plan says why', () => {
    const main = (extra = '') => `package main\n${extra}\nfunc main() {}\n`;
    const p = plan({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n',
      'cmd/migrate/main.go': main(),
      'cmd/server/main.go': main('import _ "net/http"'),
      'internal/db/db.go': 'package db\n',
    });
    expect(p.apps[0]!.buildDockerfile).toMatch(/go build -trimpath -o \/out\/server \.\/cmd\/server$/m);
    expect(p.reasons.find((r) => r.what === 'main package')?.source).toMatch(
      /cmd\/server of cmd\/server, cmd\/migrate/,
    );
  });

  it('Rust: the workspace member with src/main.rs is built, not a src/bin helper', () => {
    const p = fixture('rust-workspace-bins');
    expect(p.apps[0]!.buildDockerfile).toMatch(/cargo build --release --bin server /);
    expect(p.reasons.find((r) => r.what === 'binary')?.value).toBe('server');
  });

  it('Rust: crates and the target dir in cache mounts (target per binary, locked), newest crates this rustc builds', () => {
    const text = plan({
      'Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "1"\n',
      'src/main.rs': 'fn main() { println!("hi"); }\n',
    }).apps[0]!.buildDockerfile;
    const build = text.split('\n').find((l) => l.includes('cargo build'))!;
    expect(build).toMatch(/--mount=type=cache,id=cargo-target-hello,sharing=locked,target=\/src\/target /);
    expect(build).toMatch(/--mount=type=cache,target=\/usr\/local\/cargo\/registry /);
    expect(build).toMatch(/cargo build --release --bin hello && cp target\/release\/hello \/out-server$/);
    expect(text).toMatch(/^ENV CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback$/m);
    expect(text).not.toMatch(/ROCKET_ADDRESS/);
  });

  it('Rust linking OpenSSL or libpq gets the shared library in its runtime image, with the reason', () => {
    const crate = (deps: string) =>
      plan({
        'Cargo.toml': `[package]\nname = "x"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`,
        'src/main.rs': 'fn main() {}\n',
      });
    const ssl = crate('openssl = "0.10"');
    expect(ssl.apps[0]!.buildDockerfile).toMatch(/apt-get install -y --no-install-recommends ca-certificates libssl3/);
    expect(ssl.reasons.find((r) => r.what === 'runtime library')?.source).toMatch(/dependency openssl links it/);
    expect(crate('diesel = { version = "2", features = ["postgres"] }').apps[0]!.buildDockerfile).toMatch(/ libpq5/);
    const plain = crate('diesel = { version = "2", features = ["sqlite"] }\nserde = "1"').apps[0]!.buildDockerfile;
    expect(plain).not.toMatch(/libpq5|libssl3/);
  });

  it('Maven copies every resource whatever its date (a context dated the epoch made it skip them)', () => {
    const text = plan({
      'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>b</artifactId></project>',
      'src/main/java/a/Main.java': 'package a; public class Main { public static void main(String[] x) {} }\n',
    }).apps[0]!.buildDockerfile;
    expect(text).toMatch(/mvn -B -DskipTests -Dmaven\.resources\.overwrite=true package && cp /);
  });

  it('Rust with Rocket listens on every interface of the container, on the planned port', () => {
    const text = plan({
      'Cargo.toml': '[package]\nname = "site"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nrocket = "0.5"\n',
      'src/main.rs': '#[macro_use] extern crate rocket;\n#[launch]\nfn rocket() -> _ { rocket::build() }\n',
    }).apps[0]!.buildDockerfile;
    expect(text).toMatch(/^ENV ROCKET_ADDRESS=0\.0\.0\.0 ROCKET_PORT=8000$/m);
    expect(text).toMatch(/^EXPOSE 8000$/m);
  });

  it('Python console scripts: dependencies from the lockfile first, the project installed after the sources', () => {
    const text = fixture('python-uv-scripts').apps[0]!.buildDockerfile;
    expect(text.indexOf('uv export --frozen --no-dev')).toBeLessThan(text.indexOf('COPY . .'));
    expect(text.indexOf('pip install --no-deps .')).toBeGreaterThan(text.indexOf('COPY . .'));
    expect(text).toMatch(/^CMD \["greeter"\]$/m);
  });

  it("Yarn Berry with Plug'n'Play: its own release installs, node loads .pnp.cjs", () => {
    const p = plan({
      'package.json': JSON.stringify({
        packageManager: 'yarn@3.2.4',
        scripts: { start: 'node index.js' },
        dependencies: { fastify: '4' },
      }),
      'yarn.lock': '__metadata:\n  version: 6\n',
      '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-3.2.4.cjs\n',
      '.yarn/releases/yarn-3.2.4.cjs': '',
      'index.js': 'require("fastify")',
    });
    const text = p.apps[0]!.buildDockerfile;
    expect(text).toMatch(
      /COPY \.yarn\/releases \.yarn\/releases\/\n.*node \.yarn\/releases\/yarn-3\.2\.4\.cjs install --immutable/,
    );
    expect(text).toMatch(/NODE_OPTIONS="--require \/app\/\.pnp\.cjs"/);
    expect(lintDockerfile(text)).toEqual([]);
  });
});

describe('pure planning', () => {
  it('a user Dockerfile and the generated-files record come in as facts, not from the disk', () => {
    const files = { 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
    const user = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python3", "app.py"]\n';
    const p = planProjectFrom(memoryTree(files), {
      name: 'svc',
      existing: (path) => (path === 'Dockerfile' ? user : null),
    });
    expect(p.apps[0]).toMatchObject({ userDockerfile: true, target: 'tekton-ci' });
    expect(p.files.find((f) => f.path === 'Dockerfile')?.state).toBe('user');
    expect(p.manifest.applications.web!.workdir).toBe('/srv');
    const fresh = planProjectFrom(memoryTree(files), { name: 'svc' });
    expect(fresh.apps[0]!.userDockerfile).toBe(false);
    expect(fresh.files.every((f) => f.state === 'absent')).toBe(true);
  });

  it('an unsupported language is refused with the reason', () => {
    expect(() =>
      plan({ 'Package.swift': '// swift-tools-version:5.9\n', 'Sources/App/main.swift': 'print("hi")\n' }),
    ).toThrow(/unsupported: Swift \(Package\.swift\): .*swift\.org/);
  });
});
