/** The extensions `CREATE EXTENSION` statements of these texts name (lower-cased, unquoted). */
export function extensionsNamedIn(texts: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([\w-]+))/gi)) names.add((m[1] ?? m[2]).toLowerCase());
  }
  return [...names];
}
