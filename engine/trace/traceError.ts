import { BackstepError } from '../errors';

/**
 * A recording that breaks a rule of its format: names the file and the entry
 * (`run.bstrace.chunks/00000.step.json: steps[0].events[12].outputs[0] ("s100/f12/out0"): chunk 00003.safetensors is missing`).
 * A BackstepError, so a session that reaches a wrong step shows this message and stays usable.
 */
export class TraceError extends BackstepError {
  constructor(
    readonly file: string,
    /** Where in the index: `steps[0].events[12].outputs[0] ("s100/f12/out0")`; '' for the whole file. */
    readonly entry: string,
    readonly problem: string,
  ) {
    super('E_ARGUMENT', `${file}: ${entry ? `${entry}: ` : ''}${problem}`);
    this.name = 'TraceError';
  }
}
