// indefinite ships no types: the one call backant makes.
declare module "indefinite" {
  export default function indefinite(word: string, options?: { capitalize?: boolean; caseInsensitive?: boolean; numbers?: "colloquial" }): string;
}
