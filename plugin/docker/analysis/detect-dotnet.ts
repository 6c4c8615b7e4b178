// .NET apps: the project file's name, target framework, ASP.NET Core's port.
import { decide, exposeChoice } from './decide';
import { baseOf } from './project-tree';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a .NET app directory. */
export function detectDotnet(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const proj =
    tree.files.find((p) => /\.(cs|fs|vb)proj$/.test(p) && !/test/i.test(p)) ??
    tree.files.find((p) => /\.(cs|fs|vb)proj$/.test(p));
  const text = proj ? (tree.read(proj) ?? '') : '';
  const name = proj ? baseOf(proj).replace(/\.(cs|fs|vb)proj$/, '') : 'app';
  f.packageManager = 'nuget';
  const tfm = /<TargetFramework>net(\d+\.\d+)<\/TargetFramework>/.exec(text);
  f.runtimeVersion = decide(f, 'dotnet version', [tfm ? { value: tfm[1]!, source: `${proj} TargetFramework` } : null]);
  const web = /Sdk="Microsoft\.NET\.Sdk\.Web"/.test(text);
  f.framework = web ? 'aspnetcore' : null;
  if (web) f.reasons.push({ what: 'framework', value: 'aspnetcore', source: `${proj} Sdk.Web` });
  f.port = decide(f, 'port', [
    exposeChoice(tree),
    web ? { value: 8080, source: 'ASP.NET Core 8 container default (ASPNETCORE_HTTP_PORTS)' } : null,
  ]);
  f.web = f.port !== null;
  f.details.project = proj ?? '';
  f.details.assembly = name;
  f.build = [`dotnet publish ${proj ?? ''} -c Release -o /out`.replace('  ', ' ')];
  f.start = ['dotnet', `/app/${name}.dll`];
  f.entrypoint = proj ?? null;
  f.reasons.push({ what: 'start', value: f.start.join(' '), source: `published assembly of ${proj}` });
  return f;
}
