/**
 * One catalogue of user-facing errors. Every error says what went wrong and where: the op and layer
 * for engine errors, the file, line and column for model-file errors.
 */
export type ErrorCode =
  | 'E_SHAPE'
  | 'E_DTYPE'
  | 'E_UNKNOWN_OP'
  | 'E_ATTR'
  | 'E_GRAD_SHAPE'
  | 'E_INDEX'
  | 'E_ARGUMENT'
  | 'E_BUDGET'
  | 'E_NON_FINITE'
  /** A long computation the user cancelled (the loss landscape). */
  | 'E_CANCELLED';

export interface ErrorLocation {
  op?: string;
  layer?: string;
  node?: string;
  file?: string;
  line?: number;
  column?: number;
}

export class BackstepError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where: ErrorLocation = {},
  ) {
    super(message);
    this.name = 'BackstepError';
  }

  /** The same error with more location filled in (inner details win). */
  at(where: ErrorLocation): BackstepError {
    return new BackstepError(this.code, this.message, { ...where, ...this.where });
  }

  /** `layer "memory", op "matmul": shapes [2,3] and [4,5] do not fit` */
  describe(): string {
    const parts: string[] = [];
    if (this.where.layer) parts.push(`layer "${this.where.layer}"`);
    if (this.where.op) parts.push(`op "${this.where.op}"`);
    return parts.length ? `${parts.join(', ')}: ${this.message}` : this.message;
  }
}

export function fail(code: ErrorCode, message: string, where: ErrorLocation = {}): never {
  throw new BackstepError(code, message, where);
}
