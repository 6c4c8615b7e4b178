// `aish container create` as Tekton's Ergon words it, planned into an `ergon run` call (pure).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../plugin/plugin-api';
import { containerNameOf, planCreate } from '../../../plugin/container/create-args';

const base = { target: undefined, cwd: '/work/csv_batch_processor', purpose: undefined, passthrough: {}, isDir: true };

describe('container create', () => {
  it("Ergon's csv example: --name csv_pipeline --ci-managed in the project directory", () => {
    expect(planCreate({ ...base, name: 'csv_pipeline' })).toEqual({
      name: 'csv_pipeline',
      args: ['/work/csv_batch_processor'],
      options: { name: 'csv_pipeline', project: true },
      note: null,
    });
  });

  it("--purpose becomes the tekton.ci.purpose label, beside the user's -l labels; other options pass through", () => {
    const plan = planCreate({
      ...base,
      name: 'data-pipeline',
      purpose: ' nightly CSV import ',
      target: 'myapp:1',
      isDir: false,
      passthrough: { label: ['team=etl'], publish: ['8080:8000'], 'no-wait': true, restart: undefined },
    });
    expect(plan.args).toEqual(['myapp:1']);
    expect(plan.options).toEqual({
      name: 'data-pipeline',
      label: ['team=etl', 'tekton.ci.purpose=nightly CSV import'],
      publish: ['8080:8000'],
      'no-wait': true,
    });
  });

  it('a name Docker would refuse is made into one, and says so', () => {
    expect(containerNameOf('CSV Pipeline!')).toBe('csv-pipeline');
    expect(planCreate({ ...base, name: 'My Solution' }).note).toMatch(/'My Solution' is 'my-solution' here/);
  });

  it('refuses a missing name, a name without letters or digits, an empty purpose', () => {
    expect(() => planCreate({ ...base, name: undefined })).toThrow(UsageError);
    expect(() => planCreate({ ...base, name: undefined })).toThrow(/--name is required/);
    expect(() => planCreate({ ...base, name: '---' })).toThrow(/no letter or digit/);
    expect(() => planCreate({ ...base, name: 'x', purpose: '  ' })).toThrow(/--purpose needs a text/);
  });
});
