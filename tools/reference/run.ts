import { BackwardPass } from '../../engine/autograd/backward';
import { Tape } from '../../engine/autograd/tape';
import { Tensor } from '../../engine/tensor/tensor';
import { adapterFor, type GradAdapter, type ReferenceCase, type TensorJson, type ValueAdapter } from './adapter';
import { compareValue, type Mismatch } from './compare';
import './adapters';

/** The keys each kind of case expects the engine to reproduce. */
const EXPECTED_KEYS: Record<string, readonly string[]> = {
  forward: ['outputs', 'int_outputs'],
  string: ['outputs_str'],
  optimizer: ['expected_seq'],
  schedule: ['lrs'],
  training: ['first_grads', 'losses', 'final'],
};

export interface CaseResult {
  file: string;
  op: string;
  caseName: string;
  mismatches: Mismatch[];
}

/** Runs one case through the engine's adapter for its op and compares every expected value. */
export function runCase(file: string, op: string, kind: string, c: ReferenceCase): CaseResult {
  const result = (mismatches: Mismatch[]): CaseResult => ({ file, op, caseName: c.name, mismatches });
  const adapter = adapterFor(op);
  if (!adapter) return result([failure('-', `the engine has no implementation registered for op "${op}"`)]);
  try {
    if (kind === 'grad') {
      if (adapter.kind !== 'grad') return result([failure('-', `op "${op}" is registered as a value adapter, but the file's kind is grad`)]);
      return result(runGradCase(adapter, c));
    }
    const keys = EXPECTED_KEYS[kind];
    if (!keys) return result([failure('-', `unknown kind "${kind}"`)]);
    if (adapter.kind !== 'value') return result([failure('-', `op "${op}" is registered for kind grad, but the file's kind is ${kind}`)]);
    return result(runValueCase(adapter, c, keys));
  } catch (e) {
    return result([failure('-', `the engine threw: ${(e as Error).message}`)]);
  }
}

function runGradCase(adapter: GradAdapter, c: ReferenceCase): Mismatch[] {
  const inputs: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(c.inputs ?? {})) inputs[k] = leaf(k, v);
  const tape = new Tape();
  const outputs = adapter.run(tape, inputs, c);
  const mismatches = compareValue('outputs', outputs, c.outputs ?? {});
  const roots: Tensor[] = [];
  const seeds: Tensor[] = [];
  for (const [k, up] of Object.entries(c.upstream ?? {})) {
    const out = outputs[k];
    if (!out) return [...mismatches, failure(`outputs.${k}`, 'has upstream but the engine did not return it')];
    roots.push(out);
    seeds.push(Tensor.of(up.data, out.shape));
  }
  new BackwardPass(tape, roots, seeds).run();
  const grads: Record<string, Tensor> = {};
  for (const k of Object.keys(c.grads ?? {})) {
    const x = inputs[k];
    grads[k] = x?.grad ?? Tensor.zeros(x ? x.shape : []);
  }
  return [...mismatches, ...compareValue('grads', grads, c.grads ?? {})];
}

function runValueCase(adapter: ValueAdapter, c: ReferenceCase, keys: readonly string[]): Mismatch[] {
  const produced = adapter.run(c);
  return keys.filter((k) => k in c).flatMap((k) => compareValue(k, produced[k], c[k]));
}

function leaf(name: string, t: TensorJson): Tensor {
  const x = Tensor.of(t.data, t.shape, 'float64', name);
  x.requiresGrad = true;
  return x;
}

function failure(key: string, message: string): Mismatch {
  return { key, maxAbs: Infinity, maxRel: Infinity, message };
}
