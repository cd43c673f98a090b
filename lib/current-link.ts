/** Whether `path` is `prefix` or lies under it (whole segments: /admin is not under /adm). */
const under = (path: string, prefix: string) => path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);

/**
 * The link of a navigation that marks where the reader is (aria-current):
 * the one with the longest of its prefixes that the path lies under, so on
 * /admin/users "Users" (/admin/users) wins over "Studies" (/admin). Null
 * when none matches.
 */
export function currentLink<T extends { href: string; prefixes?: readonly string[] }>(path: string, links: readonly T[]): T | null {
  let best: T | null = null;
  let bestLength = -1;
  for (const link of links) {
    for (const prefix of link.prefixes ?? [link.href]) {
      if (under(path, prefix) && prefix.length > bestLength) {
        best = link;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}
