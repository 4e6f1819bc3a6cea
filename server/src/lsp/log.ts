/** Where the server writes what it did; the connection's console in production, an array in tests. */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  try {
    return `thrown value: ${JSON.stringify(e)}`;
  } catch {
    return `thrown value: ${String(e)}`;
  }
}
