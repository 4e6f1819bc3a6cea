import type { EditPlan } from './measure/editLatency';
import type { LspPlan } from './measure/lsp';

/** What one benchmark run measures, and how often. */
export interface Plan {
  /** Figure 1: `check` of one file of `lines` lines in a project of `tables` tables. */
  cli: { tables: number; lines: number; repetitions: number }[];
  /** Issue 11: edit → diagnostics of a WHERE and of an early ADD COLUMN edit, and memory after a long typing session. */
  editing: { tables: number; lines: number; plan: EditPlan };
  /** Figures 2, 3 and 5: one server session per entry and per tool. */
  lsp: { tables: number; lines: number; plan: LspPlan }[];
  /** `check` of a migration that is one INSERT of this many rows: CPU and peak RSS, next to the peer and squawk. */
  hugeStatement: { rows: number; repetitions: number };
  /** Start-up CPU (the sample project), idle after output, and `check` CPU of one file next to squawk. */
  startup: { repetitions: number; checkCpu: { tables: number; lines: number; repetitions: number } };
  /** Figure 4: analyzeDocument of one file, cold, next to the parser alone. */
  coldCheck: { tables: number; lines: number; repetitions: number };
  /** Figure 5: our server's memory on a Prisma project of this many models and three migrations. */
  prismaProjectModels: number;
  /** Figure 4. */
  catalogBuild: { repetitions: number; historyFiles: number[]; prismaModels: number[]; introspectTables: number };
}

/** The full run: about ten minutes on two cores. */
export const FULL: Plan = {
  cli: [
    { tables: 500, lines: 1_000, repetitions: 10 },
    { tables: 500, lines: 5_000, repetitions: 10 },
    { tables: 500, lines: 50_000, repetitions: 3 },
    { tables: 50, lines: 5_000, repetitions: 10 },
    { tables: 2_000, lines: 5_000, repetitions: 5 },
  ],
  editing: { tables: 2_000, lines: 50_000, plan: { samples: 15, peerSamples: 2, memoryEdits: 1_000 } },
  lsp: [
    { tables: 2_000, lines: 5_000, plan: { opens: 5, changesPerOpen: 4, queries: 30 } },
    { tables: 2_000, lines: 50_000, plan: { opens: 2, changesPerOpen: 3, queries: 0 } },
  ],
  hugeStatement: { rows: 200_000, repetitions: 3 },
  startup: { repetitions: 10, checkCpu: { tables: 500, lines: 5_000, repetitions: 10 } },
  coldCheck: { tables: 500, lines: 50_000, repetitions: 5 },
  prismaProjectModels: 30,
  catalogBuild: { repetitions: 5, historyFiles: [100, 1_000], prismaModels: [50, 100, 200, 500], introspectTables: 2_000 },
};

/** BENCH_QUICK=1: every figure once or twice on small workloads, to see that the benchmark works. */
export const QUICK: Plan = {
  cli: [{ tables: 50, lines: 1_000, repetitions: 2 }],
  editing: { tables: 50, lines: 1_000, plan: { samples: 2, peerSamples: 1, memoryEdits: 50 } },
  lsp: [{ tables: 50, lines: 1_000, plan: { opens: 1, changesPerOpen: 2, queries: 3 } }],
  hugeStatement: { rows: 2_000, repetitions: 1 },
  startup: { repetitions: 2, checkCpu: { tables: 50, lines: 1_000, repetitions: 2 } },
  coldCheck: { tables: 50, lines: 1_000, repetitions: 1 },
  prismaProjectModels: 10,
  catalogBuild: { repetitions: 1, historyFiles: [100], prismaModels: [50, 100], introspectTables: 50 },
};
