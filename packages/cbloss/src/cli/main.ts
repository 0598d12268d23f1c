export async function main(argv: readonly string[]): Promise<number> {
  console.error(`cbloss: not implemented yet (${argv.join(' ')})`);
  return 1;
}
