// C and C++ apps built with CMake or Meson: the executable target (the one named after the
// project, else the first), the port from the code. The build stage installs the build tool from
// Debian; the binary runs on slim Debian.
import { decide, exposeChoice } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a CMake or Meson project. */
export function detectCpp(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const cmake = tree.read('CMakeLists.txt');
  const meson = cmake === null ? tree.read('meson.build') : null;
  f.packageManager = cmake !== null ? 'cmake' : 'meson';
  f.framework = f.packageManager;
  const text = cmake ?? meson ?? '';
  const project =
    (cmake !== null ? /project\s*\(\s*([\w.-]+)/i : /project\s*\(\s*['"]([\w.-]+)['"]/).exec(text)?.[1] ?? null;
  const targets =
    cmake !== null
      ? [...text.matchAll(/add_executable\s*\(\s*([\w.-]+)/gi)].map((m) => m[1]!)
      : [...text.matchAll(/executable\s*\(\s*['"]([\w.-]+)['"]/g)].map((m) => m[1]!);
  const target = targets.find((t) => t === project) ?? targets[0] ?? null;
  if (target) {
    const why =
      targets.length > 1
        ? ` (of ${targets.join(', ')}: ${target === project ? 'named after the project' : 'the first'})`
        : '';
    f.reasons.push({
      what: 'binary',
      value: target,
      source: `${cmake !== null ? 'CMakeLists.txt add_executable' : 'meson.build executable'}${why}`,
    });
    f.details.binary = target;
  }
  f.reasons.push({ what: 'framework', value: f.framework, source: cmake !== null ? 'CMakeLists.txt' : 'meson.build' });
  const code = sourceFiles(tree, ['.c', '.cc', '.cpp', '.cxx', '.h', '.hpp']);
  if (code.some((p) => /\.(cc|cpp|cxx|hpp)$/.test(p))) f.details.cxx = 'yes';
  const codePort = portInCode(tree, code, [
    /htons\(\s*(\d{2,5})\s*\)/,
    /\bPORT\s+(\d{2,5})\b/,
    /\bport\s*=\s*(\d{2,5})\b/i,
  ]);
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
  ]);
  f.web = f.port !== null;
  f.build = [
    cmake !== null
      ? 'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build'
      : 'meson setup build --buildtype=release && meson compile -C build',
  ];
  if (target) {
    f.start = ['/app/server'];
    f.entrypoint = target;
    f.reasons.push({ what: 'start', value: '/app/server', source: `the ${target} executable` });
  }
  return f;
}
