/**
 * The order Biome's organizeImports keeps import paths and imported names in (the generated
 * project's `npm run lint` checks it): letter by letter ignoring case, the capital first where only
 * the case differs, a shorter name before a longer one it starts.
 */
export function biomeOrder(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!.toLowerCase(), b[i]!.toLowerCase()];
    if (x !== y) return x < y ? -1 : 1;
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}
