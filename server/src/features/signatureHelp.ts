import type { DocumentAnalysis } from '../analysis';
import { builtinFunctions } from '../analysis/catalog/builtin';
import { findSchema } from '../analysis/catalog/lookup';
import { statementAt } from './statementAt';

export interface Signature {
  /** `date_trunc(text, timestamp with time zone) → timestamp with time zone` */
  label: string;
  /** Each parameter as written in the label, e.g. `a integer`. */
  parameters: string[];
  /** Where it comes from: `pg_catalog`, or the file that created it. */
  documentation?: string;
}

export interface SignatureHelpResult {
  signatures: Signature[];
  activeSignature: number;
  activeParameter: number;
}

/**
 * Parameter hints inside `name(`: the signatures of the function as the schema has it at that point of
 * the history (functions an earlier migration or statement created, then pg_catalog's), and which
 * argument the cursor is in. Nothing outside a function's parentheses or for an unknown name.
 */
export function signatureHelp(analysis: DocumentAnalysis, offset: number): SignatureHelpResult | undefined {
  const { statement, session } = statementAt(analysis, offset);
  if (!statement) return undefined;
  const tokens = statement.tokens.filter((t) => t.end <= offset || t.start < offset);
  // The innermost parenthesis still open at the offset, and the commas at its depth before the offset.
  const stack: { at: number; commas: number }[] = [];
  tokens.forEach((t, k) => {
    if (t.text === '(') stack.push({ at: k, commas: 0 });
    else if (t.text === ')' && t.end <= offset) stack.pop();
    else if (t.text === ',' && stack.length) stack[stack.length - 1].commas++;
  });
  for (let level = stack.length - 1; level >= 0; level--) {
    const { at, commas } = stack[level];
    const nameToken = tokens[at - 1];
    if (!nameToken || !/^[a-z_"]/i.test(nameToken.text)) continue;
    const name = nameToken.text.startsWith('"') ? nameToken.text.slice(1, -1) : nameToken.text.toLowerCase();
    const schemaName = tokens[at - 2]?.text === '.' ? tokens[at - 3]?.text.replace(/^"|"$/g, '') : undefined;
    const signatures: Signature[] = [];
    const schemas = schemaName ? [schemaName] : ['pg_catalog', ...(session.searchPath ?? ['public'])];
    for (const s of new Set([...schemas, ...session.catalog.schemas.keys()])) {
      if (!schemaName && !schemas.includes(s)) continue;
      for (const fn of findSchema(session.catalog, s)?.functions.get(name) ?? []) {
        signatures.push(make(name, fn.args, fn.returns, fn.origin ? `Defined in ${fn.origin.file.split(/[\\/]/).pop()} line ${fn.origin.line + 1}.` : s));
      }
    }
    if (!schemaName || schemaName === 'pg_catalog') {
      for (const fn of builtinFunctions.get(name) ?? []) signatures.push(make(name, fn.args, fn.returns, 'pg_catalog'));
    }
    if (!signatures.length) return undefined;
    const fitting = signatures.findIndex((s) => s.parameters.length > commas);
    return { signatures, activeSignature: Math.max(0, fitting), activeParameter: commas };
  }
  return undefined;
}

function make(name: string, args: string, returns: string, documentation: string): Signature {
  const parameters = splitTopLevel(args);
  return { label: `${name}(${parameters.join(', ')}) → ${returns}`, parameters, documentation };
}

/** `a integer, b numeric(10, 2)` → its parameters (commas inside parentheses stay). */
function splitTopLevel(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of args) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
