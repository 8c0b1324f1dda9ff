import { formatDiagnostics, type Diagnostic } from '../../engine/model/diagnostics';
import type { Mismatch } from './validateRequest';

/**
 * The one catalogue of user-facing errors of the debug adapter: each says what went wrong, where, and
 * what to do. They travel as DAP error responses (VS Code shows them; a test reads `message`). Anything
 * else that goes wrong is an internal error, reported with its own code and never as a crash.
 */
export class UserError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Shown in a notification (launch problems), or only where the request came from (a hover). */
    readonly showUser = true,
  ) {
    super(message);
  }
}

export const Errors = {
  noProgram: () => new UserError(2001, 'The launch configuration needs `program`: the path of a model file (*.nn.yaml) or a recording (*.bstrace), e.g. "${file}".'),
  badOption: (what: string) => new UserError(2002, `Wrong launch option: ${what}.`),
  missingFile: (path: string) => new UserError(2003, `Cannot find the model file ${path}. Check \`program\` in the launch configuration.`),
  unreadableFile: (path: string, reason: string) => new UserError(2004, `Cannot read the model file ${path}: ${reason}.`),
  brokenModel: (path: string, diagnostics: readonly Diagnostic[], summary: string) => {
    const listed = diagnostics.length ? `\n${formatDiagnostics(diagnostics.slice(0, 20), path)}${diagnostics.length > 20 ? `\n… and ${diagnostics.length - 20} more` : ''}` : '';
    const count = diagnostics.length === 1 ? '1 error' : `${diagnostics.length} errors`;
    return new UserError(2005, `The model file ${path} has ${diagnostics.length ? count : 'a problem'}; fix ${diagnostics.length === 1 ? 'it' : 'them'} and start again. ${summary}${listed}`.trim());
  },
  alreadyLaunched: () => new UserError(2006, 'This debug session already runs a model; start a new session to debug another one.'),
  notLaunched: (command: string) => new UserError(2007, `Cannot ${command}: no model is running yet. Launch a model file first.`),
  staleReference: () => new UserError(2008, 'That value is no longer available: the session has moved on. Expand it again from the Variables view.', false),
  unknownThread: (id: number) => new UserError(2009, `There is no thread ${id}: Backstep has one thread (1), the training loop.`, false),
  badArgument: (command: string, what: string) => new UserError(2010, `Bad arguments for ${command}: ${what}.`),
  session: (command: string, message: string, showUser: boolean) => new UserError(2011, message || `The session could not ${command}.`, showUser),
  unsupported: (command: string) => new UserError(2012, `Backstep does not support the request \`${command}\`.`, false),
  noRestartFile: () => new UserError(2013, 'Cannot restart: there is no model file to read again.'),
  invalidArguments: ({ path, expected, got }: Mismatch) => new UserError(2014, `invalid arguments: ${path} must be ${expected}, ${got === undefined ? 'but it is missing' : `got ${shown(got)}`}.`),
  invalidRequest: (what: string) => new UserError(2015, `invalid request: ${what}.`),
  loadCancelled: (path: string) => new UserError(2017, `Reading the data files of ${path} was cancelled.`, false),
  unknownGotoTarget: (id: number) => new UserError(2016, `There is no goto target ${id}: ask for the targets of a line first (Jump to Cursor in the editor's context menu), then go to one of them.`),
} as const;

/**
 * What was wrong with a DAP message that never became a request (a broken frame, a body that is not a
 * request): sent as an `output` event on stderr, since there is no request to answer.
 */
export const FrameProblems = {
  outsideFrame: (start: string) => `Backstep's debug adapter skipped bytes that are not part of a DAP frame (${shown(start)}…); a frame starts with "Content-Length: <bytes>\\r\\n\\r\\n".`,
  longHeader: (limit: number) => `Backstep's debug adapter skipped a DAP header longer than ${limit} bytes without its end ("\\r\\n\\r\\n").`,
  badLength: (value: string) => `Backstep's debug adapter skipped a DAP frame: its Content-Length must be a whole number of bytes, got ${shown(value)}.`,
  tooLong: (length: number, limit: number) => `Backstep's debug adapter skipped a DAP frame of ${length} bytes: the limit is ${limit} bytes.`,
  badBody: (what: string, hint: string) => `Backstep's debug adapter skipped a DAP frame whose body is not a message: ${what}.${hint}`,
  lengthHint: ' Content-Length counts the bytes of the UTF-8 body; non-ASCII text has more bytes than characters.',
  notMessage: (what: string) => `Backstep's debug adapter ignored a DAP message: ${what}.`,
} as const;

/** A value from a client, short enough for a message. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : typeof value === 'object' && value !== null ? 'an object' : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Anything that was not foreseen: still an answer, never a crashed adapter. */
export function internalError(command: string, error: unknown): UserError {
  const message = error instanceof Error ? error.message : String(error);
  return new UserError(2999, `Backstep's debug adapter failed while handling \`${command}\`: ${message}. This is a bug in Backstep; the session is still usable.`);
}
