// Java apps: Maven or Gradle, Spring Boot, Java version, server.port from application config.
import { decide, exposeChoice, toolVersions, versionFile } from './decide';
import { springServerPort } from './spring-config';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a Java app directory. */
export function detectJava(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const pom = tree.read('pom.xml');
  const gradle = tree.read('build.gradle') ?? tree.read('build.gradle.kts');
  f.packageManager = pom !== null ? 'maven' : 'gradle';
  const build = pom ?? gradle ?? '';
  const spring = /spring-boot|org\.springframework\.boot/.test(build);
  f.framework = spring ? 'spring-boot' : null;
  if (spring)
    f.reasons.push({
      what: 'framework',
      value: 'spring-boot',
      source: `${pom !== null ? 'pom.xml' : 'build.gradle'} spring-boot`,
    });
  const javaVersion =
    /<java\.version>(?:1\.)?(\d+)<|<maven\.compiler\.(?:release|source|target)>(?:1\.)?(\d+)<|languageVersion\.set\(JavaLanguageVersion\.of\((\d+)\)|sourceCompatibility\s*=\s*['"]?(?:JavaVersion\.VERSION_)?(\d+)/.exec(
      build,
    );
  const v = javaVersion?.slice(1).find(Boolean);
  const asdf = toolVersions(tree, 'java');
  const asdfMajor = asdf ? /(\d+)/.exec(asdf.value.replace(/^[a-z]+-?/i, '')) : null;
  f.runtimeVersion = decide(f, 'java version', [
    versionFile(tree, '.java-version'),
    asdfMajor ? { value: asdfMajor[1]!, source: asdf!.source } : null,
    v ? { value: v, source: pom !== null ? 'pom.xml' : 'build.gradle' } : null,
  ]);
  const configured = springServerPort(tree);
  f.port = decide(f, 'port', [
    configured ? { value: configured.port, source: configured.source } : null,
    exposeChoice(tree),
    spring ? { value: 8080, source: 'spring-boot default' } : null,
  ]);
  f.web = f.port !== null;
  f.build = [
    pom !== null ? 'mvn -B -DskipTests -Dmaven.resources.overwrite=true package' : 'gradle --no-daemon build -x test',
  ];
  f.details.artifactGlob = pom !== null ? 'target/*.jar' : 'build/libs/*.jar';
  f.start = ['java', '-jar', '/app/app.jar'];
  f.entrypoint = 'app.jar';
  f.reasons.push({ what: 'start', value: f.start.join(' '), source: `${f.packageManager} builds one jar` });
  return f;
}
