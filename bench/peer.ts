import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The peer we measure against: the Rust `postgres-language-server`. Its npm package
 * `@postgres-language-server/cli` is a node launcher whose native binary comes in a per-platform optional
 * dependency; the registry this project installs from serves only the Linux x64 one, so a lockfile with
 * the launcher cannot be complete and `npm ci` refuses it. We depend on that binary package directly (a
 * devDependency) and run the binary, so the peer's figures also carry no node start-up.
 */
export interface Peer {
  binary: string;
  version: string;
}

const BINARY_PACKAGE = '@postgres-language-server/cli-x86_64-linux-gnu';

export function findPeer(): Peer {
  let binary: string;
  try {
    binary = path.join(path.dirname(require.resolve(`${BINARY_PACKAGE}/package.json`)), 'postgres-language-server');
  } catch {
    throw new Error(`${BINARY_PACKAGE} is not installed: npm ci installs it (a devDependency; Linux x64 only)`);
  }
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const version = /(\d+\.\d+\.\d+)/.exec(out.stdout ?? '')?.[1];
  if (out.status !== 0 || !version) throw new Error(`${binary} --version failed: ${out.stderr || out.error?.message}`);
  return { binary, version };
}

/** The peer's configuration for a project: the database to typecheck against, and no file-size cut-off. */
export function writePeerConfig(projectDir: string, db: { host: string; port: number; database: string }): void {
  const config = {
    // Its default skips files over 1 MiB; the 50,000-line file is bigger.
    files: { maxSize: 1024 * 1024 * 1024 },
    db: { host: db.host, port: db.port, username: 'postgres', password: '', database: db.database, connTimeoutSecs: 10 },
  };
  fs.writeFileSync(path.join(projectDir, 'postgres-language-server.jsonc'), JSON.stringify(config, null, 2) + '\n');
}
