import { describe, it, expect } from 'vitest';
import { firstFileOfTar } from '../../../plugin/ergon/commands/export';

describe('docker archive', () => {
  it('extracts the file from a docker archive tar', () => {
    const header = Buffer.alloc(512);
    header.write('manifest.json', 0);
    header.write('00000000005\0', 124);
    header.write('0', 156);
    const body = Buffer.alloc(512);
    body.write('hello');
    expect(firstFileOfTar(Buffer.concat([header, body, Buffer.alloc(1024)]))?.toString()).toBe('hello');
  });
});
