import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { unsupportedReason } from '../../../plugin/docker/analysis/unsupported';

describe('unsupportedReason', () => {
  it('says "no source" for a folder of configuration only, whichever tool wrote it', () => {
    for (const file of ['railpack.json', 'app.yaml', 'build/settings.toml']) {
      expect(unsupportedReason(memoryTree({ [file]: '{}' }))).toMatch(
        new RegExp(
          `^unsupported: no-source \\(${file.replace('.', '\\.')}\\): the folder holds configuration and no source code`,
        ),
      );
    }
  });

  it('leaves a package manifest or any source file to the planners', () => {
    expect(unsupportedReason(memoryTree({ 'package.json': '{}' }))).toBeNull();
    expect(unsupportedReason(memoryTree({ 'settings.toml': '', 'start.sh': 'echo hi' }))).toBeNull();
  });
});
