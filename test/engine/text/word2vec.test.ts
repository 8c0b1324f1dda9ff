import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { cbowNsLoss, hsLoss, sgnsLoss } from '../../../engine/text/word2vec';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';

/** Runs a reference case: leaves that require gradients, the loss, backward from upstream 1. */
function runCase(op: string, build: (tape: Tape, x: Record<string, Tensor>, codes: number[]) => Tensor): void {
  for (const c of referenceCases(op)) {
    const inputs = Object.fromEntries(Object.entries(c.inputs ?? {}).map(([k, t]) => [k, tensorOf(t, k, true)]));
    const tape = new Tape();
    const loss = build(tape, inputs, (c.int_inputs?.codes as number[] | undefined) ?? []);
    assertMatches(`${c.name} outputs`, { loss }, c.outputs);
    new BackwardPass(tape, [loss], [tensorOf(c.upstream?.loss ?? { shape: [], data: [1] })]).run();
    assertMatches(`${c.name} grads`, Object.fromEntries(Object.keys(c.grads ?? {}).map((k) => [k, inputs[k].grad])), c.grads);
  }
}

const dims = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }));

describe('word2vec losses (reference §5.13)', () => {
  it('sgns_loss: −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c) and its gradients match every reference case', () => {
    runCase('sgns_loss', (tape, x) => sgnsLoss(tape, x.v_c, x.u_o, x.U_neg));
  });

  it('cbow_ns_loss: the context mean plays the center, matching every reference case', () => {
    runCase('cbow_ns_loss', (tape, x) => cbowNsLoss(tape, x.V_ctx, x.u_o, x.U_neg));
  });

  it('hs_loss: −Σ_j log σ((1 − 2 code_j) θ_j·v) matches every reference case', () => {
    runCase('hs_loss', (tape, x, codes) => hsLoss(tape, x.v, x.Theta, codes));
  });

  it('sgns_loss: gradients match finite differences', () => {
    fc.assert(
      fc.property(dims.chain(([d, k]) => fc.tuple(tensorArb([d]), tensorArb([d]), tensorArb([k, d]))), (xs) => {
        gradcheck((tape, [vc, uo, U]) => [sgnsLoss(tape, vc, uo, U)], xs);
      }),
      { numRuns: 20 },
    );
  });

  it('cbow_ns_loss: gradients match finite differences', () => {
    const shapes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }));
    fc.assert(
      fc.property(shapes.chain(([c, d, k]) => fc.tuple(tensorArb([c, d]), tensorArb([d]), tensorArb([k, d]))), (xs) => {
        gradcheck((tape, [V, uo, U]) => [cbowNsLoss(tape, V, uo, U)], xs);
      }),
      { numRuns: 20 },
    );
  });

  it('hs_loss: gradients match finite differences for any codes', () => {
    const data = dims.chain(([d, l]) => fc.tuple(tensorArb([d]), tensorArb([l, d]), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: l, maxLength: l })));
    fc.assert(
      fc.property(data, ([v, Theta, codes]) => gradcheck((tape, [a, b]) => [hsLoss(tape, a, b, codes)], [v, Theta])),
      { numRuns: 20 },
    );
  });

  it('accepts one-row (1,D) vectors, as a gather of one id returns, with the same value', () => {
    const vc = Tensor.of([0.3, -0.2, 0.5], [3]);
    const uo = Tensor.of([0.1, 0.4, -0.6], [3]);
    const U = Tensor.of([0.2, 0.2, 0.1, -0.3, 0.5, 0.05], [2, 3]);
    const flat = sgnsLoss(new Tape(), vc, uo, U).data[0];
    const rows = sgnsLoss(new Tape(), vc.reshaped([1, 3]), uo.reshaped([1, 3]), U).data[0];
    assert.ok(Math.abs(flat - rows) < 1e-15);
  });

  it('records named steps the debugger can show, inside the loss scope', () => {
    const tape = new Tape();
    sgnsLoss(tape, Tensor.of([1, 0], [2]), Tensor.of([0, 1], [2]), Tensor.of([1, 1], [1, 2]));
    const names = tape.nodes.map((n) => n.name);
    for (const n of ['sgns_loss/score_pos', 'sgns_loss/score_neg', 'sgns_loss/log_sigma_pos', 'sgns_loss/log_sigma_neg', 'sgns_loss/loss']) {
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    }
    assert.ok(tape.nodes.some((n) => n.op === 'log_sigmoid'));
  });

  it('rejects vectors of different lengths, naming the op and the shapes', () => {
    assert.throws(
      () => sgnsLoss(new Tape(), Tensor.zeros([3]), Tensor.zeros([4]), Tensor.zeros([2, 3])),
      (e: Error & { where?: { op?: string } }) => e.where?.op === 'sgns_loss' && /u_o \[4\]/.test(e.message),
    );
  });

  it('rejects codes that are not one 0/1 bit per row of Theta', () => {
    assert.throws(() => hsLoss(new Tape(), Tensor.zeros([2]), Tensor.zeros([3, 2]), [0, 1]), /one code \(0 or 1\) per row/);
    assert.throws(() => hsLoss(new Tape(), Tensor.zeros([2]), Tensor.zeros([2, 2]), [0, 2]), /one code/);
  });
});
