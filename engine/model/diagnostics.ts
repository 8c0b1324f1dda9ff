/**
 * The located errors of a model file. Every problem found in a file — syntax, an unknown key, a wrong
 * type, shapes that cannot fit, a size over the budget, a bad reference — becomes one `Diagnostic`
 * with a code, a message, a 1-based source range and, when it concerns a layer, the layer's name.
 * All of them are collected and reported together; `check` and the debug session print the same list.
 */
export type ModelErrorCode =
  /** The file is not UTF-8 text (UTF-16, binary). */
  | 'E_ENCODING'
  /** The text is not valid YAML/JSON. */
  | 'E_YAML'
  /** A key that the format does not know (the message suggests the nearest one). */
  | 'E_UNKNOWN_KEY'
  /** A layer, loss, optimizer, schedule or data task that does not exist. */
  | 'E_UNKNOWN_KIND'
  /** A value of the wrong type (a string where a number belongs, …). */
  | 'E_TYPE'
  /** A value of the right type outside its allowed range or set. */
  | 'E_VALUE'
  /** A required key is missing. */
  | 'E_REQUIRED'
  /** Two layers (or a layer and a data field) share a name. */
  | 'E_DUPLICATE'
  /** An input names a layer or data field that does not exist or comes later. */
  | 'E_REF'
  /** Shapes that cannot fit, found before anything runs. */
  | 'E_SHAPE'
  /** A size over Backstep's stated budget. */
  | 'E_BUDGET'
  /** Settings that contradict each other (e.g. a word2vec model with an mse loss). */
  | 'E_CONFLICT'
  /** A data file the model file names cannot be read or does not hold what it should (the message names the file, row and column). */
  | 'E_DATA';

/** A span in the file: 1-based lines and columns; the end column is exclusive (just past the text). */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Diagnostic extends SourceRange {
  readonly code: ModelErrorCode;
  readonly message: string;
  /** The layer the problem belongs to, when there is one. */
  readonly layer?: string;
}

/** The whole file, used when a problem has no better place (an empty file). */
export const START_OF_FILE: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Collects diagnostics while a file is read; nothing stops at the first one. */
export class Diagnostics {
  private readonly list: Diagnostic[] = [];

  add(code: ModelErrorCode, message: string, at: SourceRange, layer?: string): void {
    const { line, column, endLine, endColumn } = at;
    this.list.push(layer === undefined ? { code, message, line, column, endLine, endColumn } : { code, message, line, column, endLine, endColumn, layer });
  }

  get count(): number {
    return this.list.length;
  }

  /** In file order (line, then column), so the report reads top to bottom. */
  sorted(): Diagnostic[] {
    return [...this.list].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

/** `samples/mlp.nn.yaml:12:7: E_SHAPE layer "out": …` — the form `check` prints and editors link. */
export function formatDiagnostic(d: Diagnostic, file = '<model>'): string {
  const layer = d.layer && !d.message.includes(`"${d.layer}"`) ? `layer "${d.layer}": ` : '';
  return `${file}:${d.line}:${d.column}: ${d.code} ${layer}${d.message}`;
}

export function formatDiagnostics(list: readonly Diagnostic[], file = '<model>'): string {
  return list.map((d) => formatDiagnostic(d, file)).join('\n');
}

/** Thrown where a caller must stop on a file that does not check (a session asked to start). */
export class ModelFileError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly file = '<model>',
  ) {
    super(`${file} has ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}:\n${formatDiagnostics(diagnostics, file)}`);
    this.name = 'ModelFileError';
  }
}
