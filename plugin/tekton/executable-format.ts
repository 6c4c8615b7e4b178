// Whether a program file can run on this OS: a script with `#!`, an ELF binary on Linux, a Mach-O
// binary on macOS. The public Tekton's launcher is a Mach-O file, which Linux refuses (EACCES/ENOEXEC).

/** The kind of program the first bytes of a file announce (pure). */
export function programKind(head: Uint8Array): 'script' | 'elf' | 'mach-o' | 'unknown' {
  if (head[0] === 0x23 && head[1] === 0x21) return 'script';
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  const magic = head.length >= 4 ? ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0 : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return 'mach-o';
  return 'unknown';
}

/** True when a program of this kind runs on `platform` (pure). */
export function runsOn(kind: ReturnType<typeof programKind>, platform: NodeJS.Platform): boolean {
  if (kind === 'script') return true;
  if (kind === 'elf') return platform !== 'darwin' && platform !== 'win32';
  if (kind === 'mach-o') return platform === 'darwin';
  return false;
}
