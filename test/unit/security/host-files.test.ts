// Boundary 1 (docs/security.md), the file side, as pure tests against real files: the one safe opener
// refuses a link, a FIFO, a huge file and a stranger's file without hanging; the token's two copies;
// what the host writes that holds a token or history is 0600 in a 0700 folder.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistory } from '../../../plugin/cli/history';
import { hasHostToken, readHostToken, writeCiToken } from '../../../plugin/files/ci-token';
import { pinSocket, readFileNoFollow, UnsafeFileError } from '../../../plugin/files/safe-open';
import { appendUiAudit } from '../../../plugin/ui/ui-audit';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'hf-')));
const opts = { what: 'the token of web-container-ci', maxBytes: 256 };
const mode = (p: string) => statSync(p).mode & 0o777;

describe('readFileNoFollow', () => {
  it('reads a small regular file of ours; a missing one is null', () => {
    fresh();
    writeFileSync(join(dir, 't'), 'abc\n');
    expect(readFileNoFollow(join(dir, 't'), opts)).toBe('abc\n');
    expect(readFileNoFollow(join(dir, 'none'), opts)).toBeNull();
  });

  it('refuses a symbolic link (to a real file: the control shows a plain read would return it)', () => {
    fresh();
    writeFileSync(join(dir, 'secret'), 'host secret');
    symlinkSync(join(dir, 'secret'), join(dir, 'token'));
    expect(readFileSync(join(dir, 'token'), 'utf8')).toBe('host secret');
    expect(() => readFileNoFollow(join(dir, 'token'), opts)).toThrow(UnsafeFileError);
    expect(() => readFileNoFollow(join(dir, 'token'), opts)).toThrow(
      /Refused the token of web-container-ci at .*token: it is a symbolic link/,
    );
  });

  it('refuses a FIFO at once, without waiting for a writer', () => {
    fresh();
    execFileSync('mkfifo', [join(dir, 'token')]);
    expect(() => readFileNoFollow(join(dir, 'token'), opts)).toThrow(/it is a FIFO, not a regular file/);
  });

  it('refuses a file over the expected size, and one of another owner', () => {
    fresh();
    writeFileSync(join(dir, 'big'), 'x'.repeat(1000));
    expect(() => readFileNoFollow(join(dir, 'big'), opts)).toThrow(/1000 bytes, over the 256 expected/);
    writeFileSync(join(dir, 't'), 'x');
    const me = process.getuid!();
    expect(() => readFileNoFollow(join(dir, 't'), { ...opts, uid: me + 1 })).toThrow(
      new RegExp(`owned by UID ${me}, not ${me + 1}`),
    );
  });
});

describe('pinSocket', () => {
  it('pins a socket; refuses a link to one, a file and a FIFO', async () => {
    fresh();
    const sock = join(dir, 'real.sock');
    const server = createServer((s) => s.end('hi\n'));
    await new Promise<void>((r) => server.listen(sock, () => r()));
    try {
      const pinned = pinSocket(sock, 'the socket of web-container-ci');
      pinned.close();
      symlinkSync(sock, join(dir, 'ci.sock'));
      expect(() => pinSocket(join(dir, 'ci.sock'), 'the socket of web-container-ci')).toThrow(
        /it is a symbolic link, not a socket; nothing was sent to it/,
      );
      writeFileSync(join(dir, 'file.sock'), '');
      expect(() => pinSocket(join(dir, 'file.sock'), 'x')).toThrow(/a regular file, not a socket/);
      execFileSync('mkfifo', [join(dir, 'fifo.sock')]);
      expect(() => pinSocket(join(dir, 'fifo.sock'), 'x')).toThrow(/a FIFO, not a socket/);
      expect(() => pinSocket(join(dir, 'none.sock'), 'x')).toThrow(/ENOENT/);
    } finally {
      server.close();
    }
  });
});

describe("a CI's token", () => {
  it("has the host's copy outside the run dir (0600 in 0700), the container's 0400 in it; the host reads only its own", () => {
    fresh();
    const runDir = join(dir, 'containers', 'run', 'web');
    const token = writeCiToken(runDir);
    const hostCopy = join(dir, 'containers', 'tokens', 'web');
    expect(readFileSync(hostCopy, 'utf8').trim()).toBe(token);
    expect(mode(hostCopy)).toBe(0o600);
    expect(mode(join(dir, 'containers', 'tokens'))).toBe(0o700);
    expect(mode(join(runDir, 'token'))).toBe(0o400);
    expect(mode(runDir)).toBe(0o700);
    // The container replaces its copy: the host still reads its own.
    rmSync(join(runDir, 'token'));
    writeFileSync(join(runDir, 'token'), 'planted');
    expect(readHostToken(runDir, 'web-container-ci')).toBe(token);
    expect(hasHostToken(runDir)).toBe(true);
    expect(hasHostToken(join(dir, 'elsewhere'))).toBe(false);
  });

  it('rewriting the token replaces a planted link instead of writing through it', () => {
    fresh();
    const runDir = join(dir, 'containers', 'run', 'web');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(dir, 'victim'), 'keep me');
    symlinkSync(join(dir, 'victim'), join(runDir, 'token'));
    writeCiToken(runDir, { token: 'b'.repeat(48) });
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(runDir, 'token'), 'utf8').trim()).toBe('b'.repeat(48));
  });
});

describe('files that hold history or chat', () => {
  it('are 0600 in 0700 folders, also when they existed wider', () => {
    fresh();
    const history = join(dir, 'aish', 'container-ci-history');
    mkdirSync(join(dir, 'aish'), { mode: 0o755 });
    chmodSync(join(dir, 'aish'), 0o755);
    writeFileSync(history, 'old\n', { mode: 0o644 });
    chmodSync(history, 0o644);
    appendHistory(history, ['old'], 'aish web-container-ci "status"');
    expect([mode(join(dir, 'aish')), mode(history)]).toEqual([0o700, 0o600]);
    appendUiAudit(dir, { at: 't', sender: 's', target: 'web', action: 'stop', outcome: 'done' });
    expect([mode(join(dir, 'ui')), mode(join(dir, 'ui', 'audit.jsonl'))]).toEqual([0o700, 0o600]);
  });
});
