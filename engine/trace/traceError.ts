/**
 * A recording that breaks a rule of its format: names the index file and the entry
 * (`run.bstrace: steps[0].events[12].outputs[0] ("s100/f12/out0"): chunk 00003.safetensors is missing`).
 */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    /** Where in the index: `steps[0].events[12].outputs[0] ("s100/f12/out0")`; '' for the whole file. */
    readonly entry: string,
    readonly problem: string,
  ) {
    super(`${file}: ${entry ? `${entry}: ` : ''}${problem}`);
    this.name = 'TraceError';
  }
}
