import type * as Crypto from 'crypto';

let crypto: typeof Crypto | undefined;

/**
 * SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits (Prisma's migration checksum, the tools'
 * history checksums, the embedded database's folder name). Node's crypto module is loaded when first used:
 * a `check` of SQL files never needs it, and loading it is a few percent of that start-up (issue 17).
 */
export function sha256Hex(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  crypto ??= require('crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
