import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Temporary project folders made of `{ relative path: text }`, all removed by `cleanup()` (an `after` hook). */
export function tempProjects(prefix: string): { make(files: Record<string, string>): string; cleanup(): void } {
  const roots: string[] = [];
  return {
    make(files) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `schemasense-${prefix}-`));
      roots.push(root);
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      return root;
    },
    cleanup() {
      for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
