import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { OFFLINE_PROXY } from './codeServer';
import { editorTools, repoRoot } from './tools';

/**
 * Drives the VS Code workbench in Debian's chromium the way a user does: explorer clicks, the keyboard,
 * the mouse. Selectors are VS Code 1.100's own DOM (see shared/docs/machine.md).
 */
// The callbacks given to page.evaluate run in the page; the project compiles without the DOM library.
declare const document: any;
declare const NodeFilter: { SHOW_TEXT: number };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Loopback (code-server) bypasses the proxy; anything else fails at once.
  `--proxy-server=${OFFLINE_PROXY}`,
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: editorTools().chromium, args: CHROMIUM_ARGS, headless: true });
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Notification {
  severity: 'info' | 'warning' | 'error';
  message: string;
  /** A progress notification that is still running (withProgress). */
  inProgress: boolean;
}

/** Numbered screenshots of a test's steps in one folder; README images are copied out on request. */
export class Screenshots {
  private step = 0;
  constructor(readonly dir: string) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  /** `readmeImage` names docs/images/<name>.png, written when SCHEMASENSE_README_IMAGES=1. */
  async take(page: Page, name: string, readmeImage?: string): Promise<string> {
    const file = path.join(this.dir, `${String(++this.step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    if (readmeImage && process.env.SCHEMASENSE_README_IMAGES === '1') {
      const images = path.join(repoRoot, 'docs/images');
      fs.mkdirSync(images, { recursive: true });
      fs.copyFileSync(file, path.join(images, `${readmeImage}.png`));
    }
    return file;
  }
}

const SLOW = 60_000;

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly shots: Screenshots,
  ) {}

  /** A new browser context on `url`, once the explorer shows the folder. */
  static async open(browser: Browser, url: string, shots: Screenshots): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: SLOW });
    return new Workbench(page, context, shots);
  }

  close(): Promise<void> {
    return this.context.close();
  }

  screenshot(name: string, readmeImage?: string): Promise<string> {
    return this.shots.take(this.page, name, readmeImage);
  }

  /** Opens a file of the workspace by clicking its folders' rows and then its own row in the explorer. */
  async openFile(relPath: string): Promise<void> {
    const parts = relPath.split('/');
    for (const folder of parts.slice(0, -1)) {
      const row = this.explorerRow(folder);
      await row.waitFor({ timeout: SLOW });
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    }
    const name = parts[parts.length - 1];
    await this.explorerRow(name).click({ timeout: SLOW });
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  private explorerRow(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  }

  /** Where `part` of the first visible editor line containing `line` is drawn. */
  async textBox(line: string, part: string): Promise<Box> {
    const box = await this.page.evaluate(
      ({ line, part }) => {
        for (const el of Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line')) as any[]) {
          const text = (el.textContent ?? '').replace(/\u00a0/g, ' ');
          const at = text.indexOf(line);
          if (at < 0 || line.indexOf(part) < 0) continue;
          const start = at + line.indexOf(part);
          const end = start + part.length;
          const range = document.createRange();
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          let offset = 0;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (start >= offset && start < offset + length) range.setStart(node, start - offset);
            if (end > offset && end <= offset + length) range.setEnd(node, end - offset);
            offset += length;
          }
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
        return undefined;
      },
      { line, part },
    );
    if (!box) throw new Error(`no editor line shows ${JSON.stringify(line)}`);
    return box;
  }

  /**
   * `textBox`, once the editor stops moving it: a code lens above the first line arrives when the server
   * answers, and pushes every line down after a box was read (a hover or click then lands a line too high).
   */
  async stableTextBox(line: string, part: string, timeout = 15_000): Promise<Box> {
    const deadline = Date.now() + timeout;
    let box = await this.textBox(line, part);
    while (Date.now() < deadline) {
      await this.page.waitForTimeout(600);
      const again = await this.textBox(line, part);
      if (again.x === box.x && again.y === box.y) return again;
      box = again;
    }
    return box;
  }

  /** Boxes of the red squiggles (error diagnostics) in the editor. */
  squiggleBoxes(): Promise<Box[]> {
    return this.page.locator('.monaco-editor .squiggly-error').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
  }

  /** Waits for a squiggle drawn under exactly `part` of `line`, and returns the text's box. */
  async waitForSquiggleUnder(line: string, part: string, timeout = SLOW): Promise<Box> {
    const deadline = Date.now() + timeout;
    let text: Box | undefined;
    let seen: Box[] = [];
    while (Date.now() < deadline) {
      text = await this.textBox(line, part).catch(() => undefined);
      seen = await this.squiggleBoxes();
      if (text && seen.some((s) => underlines(s, text!))) return this.stableTextBox(line, part);
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no squiggle under ${JSON.stringify(part)} within ${timeout} ms; text at ${JSON.stringify(text)}, squiggles at ${JSON.stringify(seen)}`);
  }

  /** Waits until no squiggle is left. */
  async waitForNoSquiggle(timeout = SLOW): Promise<void> {
    await this.page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout });
  }

  /** Holds the mouse over `box` and returns the hover's text. */
  async hover(box: Box): Promise<string> {
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor();
    // The hover fills in as its providers answer; read it once the text stops changing.
    let previous = '';
    for (let i = 0; i < 20; i++) {
      const text = await hover.innerText();
      if (text && text === previous && !/Loading/.test(text)) return text;
      previous = text;
      await this.page.waitForTimeout(150);
    }
    return previous;
  }

  async clickText(line: string, part: string): Promise<void> {
    const box = await this.stableTextBox(line, part);
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /**
   * F1, the command's title, Enter (on that command, not the fuzzy match the palette ranks first). A command
   * enabled only for SQL editors is missing while the editor that was just opened takes the focus: the
   * palette is closed and opened again, three times at most.
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const rows = '.quick-input-list .monaco-list-row';
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await input.waitFor();
      await input.fill(`>${title}`);
      try {
        await this.page.locator(`${rows}[aria-label="${title}"]`).waitFor({ timeout: 10_000 });
        break;
      } catch {
        if (attempt === 3) throw new Error(`"${title}" is not in the command palette`);
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(1_000);
      }
    }
    await this.focusRow(rows, title);
    await this.page.keyboard.press('Enter');
  }

  /** Arrows down a list until the row labelled `label` has the focus. */
  private async focusRow(rows: string, label: string): Promise<void> {
    const focused = this.page.locator(`${rows}.focused`);
    const count = await this.page.locator(rows).count();
    for (let i = 0; i < count && (await focused.getAttribute('aria-label')) !== label; i++) {
      await this.page.keyboard.press('ArrowDown');
    }
    if ((await focused.getAttribute('aria-label')) !== label) throw new Error(`no "${label}" in the list`);
  }

  /** Ctrl+G: the cursor to a 1-based line (and column), wherever the editor has scrolled or a code lens moved the text. */
  async goToLine(line: number, column?: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(column === undefined ? String(line) : `${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.monaco-editor.focused').waitFor();
  }

  type(text: string): Promise<void> {
    return this.page.keyboard.type(text);
  }

  /** The labels in the suggest widget, once it is open. */
  async suggestions(): Promise<string[]> {
    const rows = this.page.locator('.suggest-widget.visible .monaco-list-row .label-name');
    await rows.first().waitFor({ timeout: 15_000 });
    return rows.allInnerTexts();
  }

  /** Ctrl+. and the titles of the code actions in the menu it opens. */
  async openQuickFixes(): Promise<string[]> {
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: 15_000 });
    return rows.allInnerTexts();
  }

  /** Applies the code action titled `title` from the open menu (arrows, then Enter). */
  async chooseQuickFix(title: string): Promise<void> {
    await this.focusRow('.action-widget .monaco-list-row.action', title);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').first().waitFor({ state: 'hidden' });
  }

  /** Ctrl+S, until the editor's tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active:not(.dirty)').waitFor();
  }

  /** The notification toasts on screen. */
  notifications(): Promise<Notification[]> {
    return this.page.locator('.notifications-toasts .notification-toast').evaluateAll((toasts) =>
      toasts.map((toast) => {
        const icon = toast.querySelector('.notification-list-item-icon')?.className ?? '';
        const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info';
        const message = toast.querySelector('.notification-list-item-message')?.textContent ?? '';
        const inProgress = toast.querySelector('.monaco-progress-container.active') !== null;
        return { severity, message, inProgress } as Notification;
      }),
    );
  }

  async waitForNotification(matches: (n: Notification) => boolean, timeout = SLOW): Promise<Notification> {
    const deadline = Date.now() + timeout;
    let seen: Notification[] = [];
    while (Date.now() < deadline) {
      seen = await this.notifications();
      const found = seen.find(matches);
      if (found) {
        await this.page.waitForTimeout(400); // the toast fades in: screenshots want it opaque
        return found;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no such notification within ${timeout} ms; on screen: ${JSON.stringify(seen)}`);
  }

  /** The status bar entry whose text contains `text`. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar-item', { hasText: text });
  }
}

/** A squiggle underlines a text when it starts and ends with it (a pixel or two of slack) on its line. */
function underlines(squiggle: Box, text: Box): boolean {
  const sameLine = squiggle.y < text.y + text.height && squiggle.y + squiggle.height > text.y;
  return sameLine && Math.abs(squiggle.x - text.x) <= 2 && Math.abs(squiggle.x + squiggle.width - (text.x + text.width)) <= 2;
}
