import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer';
import { e2eTmp, repoRoot } from './tools';
import { packagedVsix } from './vsix';
import { launchChromium, Screenshots, Workbench } from './workbench';

/**
 * A mocha suite against a real VS Code: before it, the packaged .vsix is installed into a fresh
 * code-server and chromium starts; each test gets a fresh copy of examples/sample-project opened in a new
 * browser context, and a screenshot folder named after the test (.test-tmp/e2e/screenshots/<suite>/<test>).
 * A passing test's folder is removed (SCHEMASENSE_E2E_KEEP=1 keeps it); a failing test's folder is kept,
 * with a last screenshot and its window's extension host logs (SchemaSense.log is the output channel).
 */
export interface EditorFixture {
  readonly server: CodeServer;
  /** The running test's workbench. */
  readonly workbench: Workbench;
  /** The running test's copy of the sample project. */
  readonly folder: string;
  /** The remote extension host log of the running test's window (each window has its own host). */
  readonly hostLog: string;
}

const sampleProject = path.join(repoRoot, 'examples/sample-project');
const screenshotsRoot = path.join(e2eTmp, 'screenshots');

const slug = (s: string) => s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);

export function describeEditor(title: string, body: (editor: EditorFixture) => void): void {
  describe(title, function () {
    this.timeout(180_000);
    let dir: string | undefined;
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let test: { workbench: Workbench; folder: string; hostLog: string } | undefined;

    before(async function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-e2e-'));
      // The embedded database lives in the cache folder: a private one keeps the user's untouched.
      server = await startCodeServer({ dir: path.join(dir, 'code-server'), vsix: packagedVsix(), env: { XDG_CACHE_HOME: path.join(dir, 'cache') } });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(async function () {
      const folder = path.join(dir!, 'workspaces', slug(this.currentTest!.title), 'sample-project');
      fs.cpSync(sampleProject, folder, { recursive: true });
      const shots = new Screenshots(path.join(screenshotsRoot, slug(title), slug(this.currentTest!.title)));
      const earlierHosts = new Set(server!.extensionHostLogs());
      const workbench = await Workbench.open(browser!, server!.folderUrl(folder), shots);
      test = { workbench, folder, hostLog: await newExtensionHost(server!, earlierHosts) };
    });

    afterEach(async function () {
      if (!test) return;
      const { workbench, hostLog } = test;
      test = undefined;
      if (this.currentTest?.state === 'passed' && process.env.SCHEMASENSE_E2E_KEEP !== '1') {
        fs.rmSync(workbench.shots.dir, { recursive: true, force: true });
      } else {
        await workbench.screenshot('end').catch(() => undefined);
        fs.cpSync(path.dirname(hostLog), path.join(workbench.shots.dir, 'logs'), { recursive: true });
        console.log(`      screenshots and logs: ${path.relative(process.cwd(), workbench.shots.dir)}`);
      }
      await workbench.close();
    });

    body({
      get server() {
        return server!;
      },
      get workbench() {
        return test!.workbench;
      },
      get folder() {
        return test!.folder;
      },
      get hostLog() {
        return test!.hostLog;
      },
    });
  });
}

/**
 * The extension host a new window starts, a moment after the workbench shows. Waiting for it also means
 * a test never closes its window before the extension host exists (it would then start for nobody).
 */
async function newExtensionHost(server: CodeServer, earlier: Set<string>): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const started = server.extensionHostLogs().find((log) => !earlier.has(log));
    if (started) return started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the window started no extension host within 60 s (no new remoteexthost.log under ${server.userDataDir}/logs)`);
}
