/**
 * Seeded edit sequences as a person makes them in an editor: typing key by key with pauses, backspace,
 * selections deleted, pastes, moves (two ranges in one change), whole-document replacements, undo and redo,
 * at statement boundaries, inside `$$` bodies, comments and unterminated strings.
 * Shared by the pure differential harness (differential.ts), the stdio one (server.test.ts) and `npm run fuzz`.
 */

/** One range of an LSP content change: offsets into the text as it is before this change. */
export interface RangeChange {
  start: number;
  end: number;
  text: string;
}

/** One `didChange`: its changes apply one after the other; `pause` is a quiet period after it. */
export interface EditStep {
  changes: RangeChange[];
  pause: boolean;
  /** What the step does, for the log of a failure. */
  kind: string;
}

export function applyChanges(text: string, changes: readonly RangeChange[]): string {
  for (const c of changes) text = text.slice(0, c.start) + c.text + text.slice(c.end);
  return text;
}

/** A small, fast, seeded PRNG (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Statements people type into migrations (valid and not), and fragments that change how text is cut. */
export const SNIPPETS: readonly string[] = [
  'select t.nam from teams t;',
  "select t.name, t.id from teams t where t.name = 'x';",
  'alter table teams add column slug text;',
  'alter table teams add column archived_at timestamptz, add constraint teams_slug_key unique (slug);',
  'select m.user_id from team_members m join teams t on t.id = m.team_id;',
  'create policy teams_read on teams for select using (id > 0);',
  'update teams set name = (select max(p.title) from projects p where p.team_id = teams.id);',
  'create table projects (id int primary key, team_id int references teams (id), title text);',
  'create index on projects (team_id);',
  'insert into projects (id, team_id, title) values (1, 1, $t$a;b$t$);',
  "create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;",
  "do $$ begin perform 1; end $$;",
  'create function two() returns int language sql begin atomic select 1; select 2; end;',
  'drop table if exists projects;',
  'create view team_names as select id, name from teams;',
  '-- a comment; with a semicolon\n',
  '/* block; comment */',
  "'unterminated",
  '$$ open body',
  '"Quoted; name"',
  ';',
  '\n',
  'select 1;\n',
  'e\'esc\\\'aped;\'',
  // DDL whose effect reaches statements that do not name what it changed.
  'create table child (x int) inherits (teams);',
  'alter table teams rename column name to title;',
  'alter table teams add column note text;',
  'drop table teams cascade;',
  'create schema app;',
  'set search_path = app, public;',
  'create table app.teams (id int, label text);',
  "create type mood as enum ('a', 'b');",
  "select 'a'::mood, child.x from child;",
  'begin;',
  'rollback;',
  'savepoint s;',
  'rollback to savepoint s;',
  'create function f() returns int language sql as $$ select count(*)::int from teams $$;',
  'select f(), note from teams;',
  'alter table projects drop column title;',
  'create temp table tmp (a int);',
  'select * from tmp join child on child.x = tmp.a;',
  'create view v as select id from teams;',
  'drop view v;',
];

/** A document full of DDL whose statements depend on each other, to type into. */
export const DEPENDENT_DDL = [
  'alter table teams add column note text;',
  'create table child (x int) inherits (teams);',
  'select child.note, child.x from child;',
  'alter table teams add column extra int;',
  'select extra from child;',
  'create schema app;',
  'create table app.things (id int references teams (id), label text);',
  'set search_path = app, public;',
  'select label from things;',
  'reset search_path;',
  'begin;',
  'alter table projects drop column title;',
  'rollback;',
  'select title from projects;',
  "create type mood as enum ('a', 'b');",
  "select 'a'::mood;",
  'create view v as select id, note from teams;',
  'select note from v;',
  'drop table teams cascade;',
  'select * from v;',
  '',
].join('\n');

/** Places where an edit is most likely to break an incremental parse. */
function interestingOffsets(text: string): number[] {
  const out: number[] = [0, text.length];
  const re = /;|\$\$|--|\/\*|\*\/|'|"|\n|\bbegin\b|\bend\b|\bfrom\b|\bselect\b|\./gi;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index, m.index + m[0].length);
  return out;
}

function offset(rng: Random, text: string): number {
  if (text.length === 0) return 0;
  if (rng.chance(0.6)) {
    const near = rng.pick(interestingOffsets(text)) + rng.int(3) - 1;
    return Math.max(0, Math.min(text.length, near));
  }
  return rng.int(text.length + 1);
}

export interface EditScriptOptions {
  steps: number;
  /** Probability of a quiet period after a step (a person pausing). */
  pauseChance?: number;
}

/**
 * A seeded sequence of steps starting from `initial`. Each step is what one `didChange` carries; typing a
 * snippet key by key is one step per key. Undo/redo go back to earlier texts as one minimal change, as
 * VS Code sends them.
 */
export function editScript(seed: number, initial: string, options: EditScriptOptions): EditStep[] {
  const rng = new Random(seed);
  const pauseChance = options.pauseChance ?? 0.12;
  const steps: EditStep[] = [];
  let text = initial;
  const undo: string[] = [];
  const redo: string[] = [];
  const push = (changes: RangeChange[], kind: string, pause = rng.chance(pauseChance)) => {
    undo.push(text);
    if (undo.length > 50) undo.shift();
    redo.length = 0;
    text = applyChanges(text, changes);
    steps.push({ changes, pause, kind });
  };
  const jump = (to: string, kind: string) => {
    steps.push({ changes: [minimalChange(text, to)], pause: rng.chance(pauseChance * 2), kind });
    text = to;
  };
  while (steps.length < options.steps) {
    const r = rng.next();
    if (r < 0.45) {
      // Typing a snippet (or part of it) key by key.
      const snippet = rng.pick(SNIPPETS);
      const upTo = rng.chance(0.7) ? snippet.length : 1 + rng.int(snippet.length);
      // Most typing happens at the end of what is there.
      let at = rng.chance(0.4) ? text.length : offset(rng, text);
      for (let k = 0; k < upTo && steps.length < options.steps; k++) {
        push([{ start: at, end: at, text: snippet[k] }], 'type');
        at++;
      }
    } else if (r < 0.6) {
      // Backspace a few times.
      let at = offset(rng, text);
      for (let k = 1 + rng.int(6); k > 0 && at > 0 && steps.length < options.steps; k--, at--) push([{ start: at - 1, end: at, text: '' }], 'backspace');
    } else if (r < 0.68) {
      const start = offset(rng, text);
      const end = Math.min(text.length, start + 1 + rng.int(60));
      push([{ start, end, text: '' }], 'delete selection');
    } else if (r < 0.78) {
      const at = offset(rng, text);
      const snippet = rng.pick(SNIPPETS);
      const replaced = rng.chance(0.3) ? Math.min(text.length, at + rng.int(20)) : at;
      push([{ start: at, end: replaced, text: (rng.chance(0.5) ? '\n' : '') + snippet }], 'paste');
    } else if (r < 0.84 && text.length > 2) {
      // Move a piece of text: one change event with two ranges (cut, then insert).
      const start = rng.int(text.length - 1);
      const end = Math.min(text.length, start + 1 + rng.int(40));
      const piece = text.slice(start, end);
      const rest = text.length - piece.length;
      const to = rng.int(rest + 1);
      push([{ start, end, text: '' }, { start: to, end: to, text: piece }], 'move');
    } else if (r < 0.88) {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      const changed = [...lines.slice(0, i), rng.pick(SNIPPETS), ...lines.slice(i)].join('\n');
      push([{ start: 0, end: text.length, text: changed }], 'whole document');
    } else if (r < 0.95 && undo.length) {
      const count = 1 + rng.int(Math.min(undo.length, 8));
      let to = text;
      for (let k = 0; k < count; k++) {
        redo.push(to);
        to = undo.pop()!;
      }
      jump(to, `undo ×${count}`);
    } else if (redo.length) {
      const to = redo.pop()!;
      undo.push(text);
      jump(to, 'redo');
    }
  }
  // The sequence ends in a quiet period: that is where the result is compared.
  if (steps.length) steps[steps.length - 1].pause = true;
  return steps;
}

/** The smallest single change that turns `from` into `to` (common prefix and suffix left alone). */
export function minimalChange(from: string, to: string): RangeChange {
  let p = 0;
  const max = Math.min(from.length, to.length);
  while (p < max && from.charCodeAt(p) === to.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && from.charCodeAt(from.length - 1 - s) === to.charCodeAt(to.length - 1 - s)) s++;
  return { start: p, end: from.length - s, text: to.slice(p, to.length - s) };
}

/** The texts of a script at its quiet periods: what an analysis after each pause sees. */
export function pausedTexts(initial: string, steps: readonly EditStep[]): string[] {
  const texts: string[] = [];
  let text = initial;
  for (const step of steps) {
    text = applyChanges(text, step.changes);
    if (step.pause) texts.push(text);
  }
  return texts;
}

/** One edit where its effect reaches later statements: inside a word of a DDL statement, or of a whole statement. */
export function dependentEdit(text: string, rng: Random): string {
  const statements = [...text.matchAll(/(?:ALTER TABLE|CREATE (?:OR REPLACE )?(?:VIEW|FUNCTION|INDEX|TABLE|TRIGGER))[^;]*;/g)];
  const m = rng.pick(statements);
  const start = m.index!;
  const end = start + m[0].length;
  const words = [...m[0].matchAll(/[a-z_][a-z0-9_]*/g)];
  const w = rng.pick(words);
  const at = start + w.index! + rng.int(w[0].length + 1);
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at) + 'x' + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2: {
      // A word becomes another name of the file: a real change of what the statement names or makes.
      const other = rng.pick([...text.slice(Math.max(0, start - 3000), start).matchAll(/[a-z_][a-z0-9_]*/g)])?.[0] ?? 'id';
      const ws = start + w.index!;
      return text.slice(0, ws) + other + text.slice(ws + w[0].length);
    }
    case 3:
      return text.slice(0, start) + text.slice(end);
    case 4:
      return text.slice(0, end) + '\n' + m[0] + text.slice(end);
    default:
      return text.slice(0, at) + ' ' + text.slice(at);
  }
}
