/**
 * `argv` without one option and its value, in either form (`--nproc 2`, `--nproc=2`): how the launcher of
 * `cbloss train --nproc N` turns its own command into its ranks' command.
 * @example withoutOption(['train', '--nproc', '2', '--out', 'runs/a'], '--nproc') // ['train', '--out', 'runs/a']
 */
export function withoutOption(argv: readonly string[], option: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === option) {
      i += 1;
      continue;
    }
    if (arg.startsWith(`${option}=`)) continue;
    kept.push(arg);
  }
  return kept;
}
