import type * as Crypto from 'crypto';

let crypto: typeof Crypto | undefined;

/**
 * SHA-256 of a string's UTF-8 bytes (or of bytes), as 64 lowercase hex digits (Prisma's migration checksum, the
 * tools' history checksums, the embedded database's folder name, the replay cache's keys). Node's crypto module
 * is loaded when first used: a `check` on a database base never needs it.
 */
export function sha256Hex(text: string | Uint8Array): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  crypto ??= require('crypto') as typeof Crypto;
  const hash = crypto.createHash('sha256');
  return (typeof text === 'string' ? hash.update(text, 'utf8') : hash.update(text)).digest('hex');
}
