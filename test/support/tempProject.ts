import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A temporary folder holding these files (paths relative to it, `/`-separated). */
export function tempProject(files: Record<string, string>, prefix = 'schemasense-project-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** Temporary projects of a test file, removed after it: call in a `describe`. */
export function tempProjects(prefix?: string): (files: Record<string, string>) => string {
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
  return (files) => {
    const root = tempProject(files, prefix);
    roots.push(root);
    return root;
  };
}
