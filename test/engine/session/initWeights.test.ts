import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Session } from '../../../engine/session/session';
import { readSafetensors } from '../../../engine/weights/safetensorsRead';

const MLP = readFileSync(path.join(__dirname, '../../../samples/mlp-xor.nn.yaml'), 'utf8');
const TORCH = readFileSync(path.join(__dirname, '../../reference/torch/mlp.torch-init.safetensors'));
const WITH_INIT = `${MLP}\ninit: { from: torch.safetensors }\n`;

/** `init: { from }` in a debug session: the weights come through `options.files`, read by the adapter. */
describe('a session that starts from saved weights', () => {
  it('stops on entry with the file\'s weights (a PyTorch state_dict) and saves them back under the same names', () => {
    const session = Session.create(WITH_INIT, 'xor.nn.yaml', { files: new Map([['torch.safetensors', { ok: true, bytes: TORCH }]]) });
    assert.deepEqual(session.diagnostics, []);
    session.start();
    const saved = session.saveWeights(false);
    assert.ok(saved.ok);
    const torch = readSafetensors(TORCH, 'torch.safetensors');
    for (const t of saved.body.tensors) assert.deepEqual(t.data, Array.from(torch.get(t.name)!.data), t.name);
    assert.equal(saved.body.tensors.length, torch.size);
  });

  it('is refused with a located error when the adapter gives it no file, or the file does not fit', () => {
    const none = Session.create(WITH_INIT, 'xor.nn.yaml');
    assert.match(none.diagnostics[0].message, /cannot read the weights file `torch.safetensors`: this session has no reader for files/);
    const lstm = readFileSync(path.join(__dirname, '../../reference/torch/lstm.torch-init.safetensors'));
    const wrong = Session.create(WITH_INIT, 'xor.nn.yaml', { files: new Map([['torch.safetensors', { ok: true, bytes: lstm }]]) });
    assert.ok(wrong.diagnostics.length >= 4, JSON.stringify(wrong.diagnostics));
    assert.ok(wrong.diagnostics.some((d) => /the file has no `hidden.weight` \[4,2\] for hidden.W/.test(d.message)));
    assert.ok(wrong.diagnostics.some((d) => /the file's `memory.weight_ih_l0` \[32,1\] matches no parameter/.test(d.message)));
    assert.ok(!wrong.saveWeights(false).ok, 'no model to save from');
  });
});
