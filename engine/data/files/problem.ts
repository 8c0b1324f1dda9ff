/**
 * What is wrong inside a data file, and where: the 1-based line of the file (for tables), the
 * column (its header name and 1-based position) or the array (an `.npz` member). The checker adds
 * the file's name and points at the model-file line that names it (model/data-files.ts).
 */
export interface DataFileWhere {
  readonly line?: number;
  readonly column?: { readonly index: number; readonly name?: string };
  readonly member?: string;
  /** A name the model file wrote that the file does not have (a column): the checker points at where it is written. */
  readonly written?: string;
}

export class DataFileError extends Error {
  constructor(
    message: string,
    readonly where: DataFileWhere = {},
    /** Over a stated bound (the data budget, a limit): reported as E_BUDGET. */
    readonly overBudget = false,
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

/** `line 12, column 3 (\`petal_width\`)` — the where of a message, or nothing. */
export function whereText(where: DataFileWhere): string {
  const parts: string[] = [];
  if (where.member !== undefined) parts.push(`array \`${where.member}\``);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column) parts.push(`column ${where.column.index}${where.column.name !== undefined ? ` (\`${where.column.name}\`)` : ''}`);
  return parts.join(', ');
}
