import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { editorTools } from './tools';

/**
 * A private code-server (VS Code 1.100.3 in the browser) on 127.0.0.1, with its own user-data and
 * extensions folders, used by the editor tests and by scripts/demo.js.
 *
 * It runs offline on purpose: the proxy variables point at a closed loopback port, so anything that tries
 * the internet (extension gallery, update checks) fails at once instead of passing by luck.
 */
export const OFFLINE_PROXY = 'http://127.0.0.1:9';

export function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) env[name] = OFFLINE_PROXY;
  env.NO_PROXY = env.no_proxy = '127.0.0.1,localhost';
  return env;
}

/** User settings: no welcome page, tips, trust prompt or update checks in the way of the tests. */
export const EDITOR_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'editor.minimap.enabled': false,
  'explorer.compactFolders': false,
  'chat.commandCenter.enabled': false,
  // The tests' copies of the sample live under .test-tmp, inside the clone: no "repository found in parent folders" toast.
  'git.openRepositoryInParentFolders': 'never',
};

export interface CodeServer {
  url: string;
  userDataDir: string;
  extensionsDir: string;
  /** What `--install-extension` printed. */
  installOutput: string;
  /** The workbench URL that opens `folder`. */
  folderUrl(folder: string): string;
  /** The remote extension host log of every window opened so far, oldest first. */
  extensionHostLogs(): string[];
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Empty folder that receives user-data/, extensions/ and code-server.log. */
  dir: string;
  vsix: string;
  /** Folder opened at the bare URL (the demo); tests open theirs with `folderUrl`. */
  folder?: string;
  port?: number;
  /** More environment for code-server and what it starts (the extension, its language server). */
  env?: NodeJS.ProcessEnv;
}

/** code-server writes a default config file where none exists: keep it out of the user's ~/.config. */
const configFile = (userDataDir: string) => path.join(userDataDir, 'config.yaml');

function runCodeServer(args: string[], userDataDir: string): string {
  const { codeServer } = editorTools();
  const r = spawnSync(codeServer, ['--config', configFile(userDataDir), '--user-data-dir', userDataDir, ...args], {
    encoding: 'utf8',
    env: offlineEnv(),
    timeout: 120_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${output}`);
  return output;
}

/** Installs a .vsix into an extensions folder the way a user does (`code-server --install-extension`). */
export function installExtension(vsix: string, extensionsDir: string, userDataDir: string): string {
  return runCodeServer(['--extensions-dir', extensionsDir, '--install-extension', vsix], userDataDir);
}

export function listExtensions(extensionsDir: string, userDataDir: string): string[] {
  const out = runCodeServer(['--extensions-dir', extensionsDir, '--list-extensions', '--show-versions'], userDataDir);
  return out.split('\n').map((l) => l.trim()).filter((l) => /^[\w-]+\.[\w-]+@/.test(l));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not come up on ${url}; its log (${logFile}):\n${fs.readFileSync(logFile, 'utf8')}`);
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      // The extension hosts and language servers are in the same process group; take them down too.
      signalGroup(pid, 'SIGKILL');
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/** Installs `vsix` into fresh folders under `dir` and starts code-server with it. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { codeServer } = editorTools();
  const userDataDir = path.join(options.dir, 'user-data');
  const extensionsDir = path.join(options.dir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(EDITOR_SETTINGS, null, 2));
  const installOutput = installExtension(options.vsix, extensionsDir, userDataDir);

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.dir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config', configFile(userDataDir),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(options.folder ? [options.folder] : []),
  ];
  // Its own process group, so stop() also ends the extension hosts and language servers it started.
  const child = spawn(codeServer, args, { detached: true, stdio: ['ignore', log, log], env: { ...offlineEnv(), ...options.env } });
  fs.closeSync(log);
  try {
    await waitUntilHealthy(url, child, logFile);
  } catch (e) {
    await stopGroup(child);
    throw e;
  }
  return {
    url,
    userDataDir,
    extensionsDir,
    installOutput,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    extensionHostLogs: () => extensionHostLogs(userDataDir),
    stop: () => stopGroup(child),
  };
}

function extensionHostLogs(userDataDir: string): string[] {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return [];
  const found: string[] = [];
  for (const session of fs.readdirSync(logs).sort()) {
    const hosts = fs.readdirSync(path.join(logs, session)).filter((d) => /^exthost\d+$/.test(d));
    hosts.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
    for (const host of hosts) {
      const file = path.join(logs, session, host, 'remoteexthost.log');
      if (fs.existsSync(file)) found.push(file);
    }
  }
  return found;
}
