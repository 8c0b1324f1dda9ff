/**
 * Backstep's stated size budget. A debugger records and replays every op, so models and data stay
 * small; anything larger is refused before it runs, with the budget in the message.
 */
export interface Budget {
  /** Trainable parameters in the whole model. */
  readonly parameters: number;
  /** Elements of any one tensor a layer outputs (batch included). */
  readonly tensorElements: number;
  /** Numbers (or tokens) in the whole data set. */
  readonly dataElements: number;
  /** Time steps a recurrent or attention layer reads. */
  readonly timeSteps: number;
  /** Training steps. */
  readonly steps: number;
  /**
   * Trainable parameters of imported ONNX graphs (onnx layers), counted apart: a model exported from
   * PyTorch is larger than one written here. Bounded by memory: each is a float64 value, gradient,
   * two Adam moments and the session's checkpoint copies (some 50 bytes). Default: `parameters`.
   */
  readonly importedParameters?: number;
}

export const DEFAULT_BUDGET: Budget = {
  parameters: 500_000,
  tensorElements: 1_000_000,
  dataElements: 2_000_000,
  timeSteps: 256,
  steps: 1_000_000,
  importedParameters: 5_000_000,
};

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
