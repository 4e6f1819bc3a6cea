import { performance } from 'perf_hooks';
import { statementSteps, ProjectIndex, type IndexedDocument } from '../features/navigation/referenceIndex';
import type { Workspace } from '../project/workspace';
import type { DocumentChecker } from './checks';
import { describeError, type Logger } from './log';
import type { WorkspaceRegistry } from './workspaces';

/**
 * The references index of each workspace (features/navigation/referenceIndex.ts), built once and kept as the
 * texts change: a request finishes what is not built; in between, once the server has been quiet for
 * `quietMs` after a publication, the open documents and then the history's files that are replayed and not
 * open are indexed in the background, a statement at a time, yielding to other work every `sliceMs` (so a
 * keystroke waits at most one slice, and the build stops at the next one).
 */
export class ReferenceIndexer {
  private readonly indexes = new WeakMap<Workspace, ProjectIndex>();
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by dispose: a background build stops at its next slice when it changed. */
  private generation = 0;

  constructor(
    private readonly registry: WorkspaceRegistry,
    private readonly checker: DocumentChecker,
    private readonly log: Logger,
    /** Called between the slices of a background build (the heap may be collected there). */
    private readonly paused: () => void = () => undefined,
    private readonly quietMs = 100,
    private readonly sliceMs = 4,
  ) {}

  private indexOf(ws: Workspace): ProjectIndex {
    let index = this.indexes.get(ws);
    if (!index) this.indexes.set(ws, (index = new ProjectIndex()));
    return index;
  }

  /** Every migration of the workspace by its index, now (indexing what is not). */
  documents(ws: Workspace): IndexedDocument[] {
    const index = this.indexOf(ws);
    const docs = ws.historyDocuments();
    index.retain(new Set(docs.map((d) => d.file)));
    return docs.map((d) => ({ file: d.file, names: index.namesOf(d.file, d.text, d.catalog, d.analysis, d.open) }));
  }

  /**
   * Something happened (a check was published): build in the background once it has been quiet a while. A
   * build under way stops at its next slice (what it derived stays valid for the statements an edit leaves
   * alone), so that while a person types, the checks of the keystrokes have the process to themselves.
   */
  activity(): void {
    this.activityCount++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runBuild(), this.quietMs);
    this.timer.unref?.();
  }

  private running = false;
  /** Bumped by each activity: a build started before it stops at its next slice. */
  private activityCount = 0;

  private async runBuild(): Promise<void> {
    // The build under way is stopping (an activity came after it started); the next quiet period starts another.
    if (this.running) return this.activity();
    this.running = true;
    try {
      await this.build(this.generation, this.activityCount);
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
  }

  private async build(generation: number, activity: number): Promise<void> {
    const started = Date.now();
    let built = 0;
    /** Runs steps until done, yielding every slice; false when superseded. */
    const run = async (steps: Generator<void, unknown, void>): Promise<boolean> => {
      let slice = performance.now();
      for (let step = steps.next(); !step.done; step = steps.next()) {
        if (performance.now() - slice < this.sliceMs) continue;
        await new Promise((resolve) => setImmediate(resolve));
        // Stopped: the server is shutting down, or something happened since the build started.
        if (generation !== this.generation || activity !== this.activityCount) return false;
        this.paused();
        slice = performance.now();
      }
      return true;
    };
    try {
      // The open documents first (Find References starts from one): their current analysis, a statement at a
      // time; the statements an edit leaves alone keep their names. A request puts the document's list together.
      for (const uri of this.checker.openUris()) {
        const current = await this.checker.analysisOf(uri);
        if (generation !== this.generation || activity !== this.activityCount) return;
        if (current && !(await run(statementSteps(current.analysis, current.path)))) return;
      }
      for (const entry of this.registry.all()) {
        const ws = await entry.ready;
        if (!ws || generation !== this.generation || activity !== this.activityCount) return;
        const index = this.indexOf(ws);
        for (const doc of ws.historyDocuments({ replay: false })) {
          if (doc.open || index.cached(doc.file, doc.text, doc.catalog)) continue;
          if (!(await run(index.build(doc.file, doc.text, doc.catalog, doc.analysis)))) return;
          built++;
        }
      }
      if (built) this.log.info(`SchemaSense: references index of ${built} migration file(s) built in the background (${Date.now() - started} ms).`);
    } catch (e) {
      this.log.error(`SchemaSense: building the references index failed.\n${describeError(e)}`);
    }
  }
}
