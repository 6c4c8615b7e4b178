import { planProject } from '/work/wt/planner/plugin/docker/plan-project';
const [target, idx] = process.argv.slice(2);
const plan = planProject({ target, env: { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent' } });
const a = plan.apps[Number(idx ?? 0)]!;
console.log('context:', a.contextDir, 'workdir:', Object.values(plan.manifest.applications).map((x) => x.workdir).join(','));
console.log(a.buildDockerfile.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
