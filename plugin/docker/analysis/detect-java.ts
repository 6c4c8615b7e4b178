// Java apps: Maven or Gradle, Spring Boot, Java version, server.port from application config.
import { decide, exposeChoice, versionFile } from './decide';
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
  if (spring) f.reasons.push({ what: 'framework', value: 'spring-boot', source: `${pom !== null ? 'pom.xml' : 'build.gradle'} spring-boot` });
  const javaVersion = /<java\.version>(\d+)<|<maven\.compiler\.(?:source|release)>(\d+)<|languageVersion\.set\(JavaLanguageVersion\.of\((\d+)\)|sourceCompatibility\s*=\s*['"]?(?:JavaVersion\.VERSION_)?(\d+)/.exec(build);
  const v = javaVersion?.slice(1).find(Boolean);
  f.runtimeVersion = decide(f, 'java version', [versionFile(tree, '.java-version'), v ? { value: v, source: pom !== null ? 'pom.xml' : 'build.gradle' } : null]);
  const props = tree.read('src/main/resources/application.properties') ?? '';
  const yml = tree.read('src/main/resources/application.yml') ?? tree.read('src/main/resources/application.yaml') ?? '';
  const propPort = /^server\.port\s*=\s*(\d+)/m.exec(props) ?? /server:\s*\n\s+port:\s*(\d+)/.exec(yml);
  f.port = decide(f, 'port', [
    propPort ? { value: Number(propPort[1]), source: 'application config server.port' } : null,
    exposeChoice(tree),
    spring ? { value: 8080, source: 'spring-boot default' } : null,
  ]);
  f.web = f.port !== null;
  f.build = [pom !== null ? 'mvn -B -DskipTests package' : 'gradle --no-daemon build -x test'];
  f.details.artifactGlob = pom !== null ? 'target/*.jar' : 'build/libs/*.jar';
  f.start = ['java', '-jar', '/app/app.jar'];
  f.entrypoint = 'app.jar';
  f.reasons.push({ what: 'start', value: f.start.join(' '), source: `${f.packageManager} builds one jar` });
  return f;
}
