import { DEFAULT_BUDGET, type Budget } from './budget';
import { Diagnostics, type Diagnostic } from './diagnostics';
import type { DataFiles } from './files';
import { parseModel, type ParsedSpec } from './parse';
import { validateSpec, type CheckedModel } from './validate';

/**
 * The one entry point for checking a model file: the `check` command, the editor's diagnostics and
 * the debug session all call this and so report the same located errors. The text is only read —
 * nothing the user wrote is rewritten. Syntax errors, when there are any, are reported alone (all of
 * them): the tree after one may not be what the user meant, and its follow-on errors would mislead.
 */
export interface CheckResult {
  /** All problems, in file order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The file as read, even when it has errors (for outlines and layer ranges); null if unreadable. */
  readonly spec: ParsedSpec | null;
  /** The checked model, only when there is no error: what a session may run. */
  readonly model: CheckedModel | null;
}

export interface CheckOptions {
  readonly budget?: Budget;
  /** The bytes of the data files the model file names, read by the host (the seam of ./files.ts). */
  readonly files?: DataFiles;
}

export function checkModel(text: string, options: CheckOptions = {}): CheckResult {
  const diag = new Diagnostics();
  const { spec } = parseModel(text, diag);
  // After a syntax error the tree may not be what the user meant: report the syntax errors alone.
  const syntax = diag.sorted().filter((d) => d.code === 'E_YAML');
  if (syntax.length) return { diagnostics: syntax, spec, model: null };
  const checked = spec ? validateSpec(spec, diag, options.budget ?? DEFAULT_BUDGET, options.files) : null;
  const diagnostics = diag.sorted();
  return { diagnostics, spec, model: diagnostics.length === 0 ? checked : null };
}
