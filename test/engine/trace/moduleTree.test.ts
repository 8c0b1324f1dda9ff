import { strict as assert } from 'node:assert';
import type { TraceModule } from '../../../engine/trace/format';
import { ModuleTree } from '../../../engine/trace/moduleTree';
import { recordedLayers } from '../../../engine/trace/replayModel';

const module = (path: string, type: string, params: string[] = []): TraceModule => ({ path, type, params });

/** The modules of a Transformer encoder as `named_modules()` lists them (record_case.py's `transformer`). */
const ENCODER: TraceModule[] = [
  module('', 'Transformer'),
  module('encoder', 'TransformerEncoder'),
  module('encoder.layers', 'ModuleList'),
  module('encoder.layers.0', 'TransformerEncoderLayer'),
  module('encoder.layers.0.self_attn', 'MultiheadAttention', ['encoder.layers.0.self_attn.in_proj_weight']),
  module('encoder.layers.0.self_attn.out_proj', 'Linear', ['encoder.layers.0.self_attn.out_proj.weight']),
  module('encoder.layers.0.norm1', 'LayerNorm', ['encoder.layers.0.norm1.weight']),
  module('head', 'Linear', ['head.weight', 'head.bias']),
];

describe('the module tree of a recording (engine/trace/moduleTree.ts)', () => {
  it('places a module in its top-level module’s layer, one frame per module below it, a ModuleList joined with its child', () => {
    const tree = new ModuleTree(ENCODER);
    assert.deepEqual(tree.place('encoder.layers.0.self_attn.out_proj'), {
      layer: 'encoder',
      scope: ['encoder', 'layers.0', 'self_attn', 'out_proj'],
      paths: ['encoder', 'encoder.layers.0', 'encoder.layers.0.self_attn', 'encoder.layers.0.self_attn.out_proj'],
    });
    assert.deepEqual(tree.place('head'), { layer: 'head', scope: ['head'], paths: ['head'] });
    assert.deepEqual(tree.place(''), { layer: 'model', scope: [], paths: [] });
  });

  it('names frames by the listed modules, not by the dots: a module whose parent is not listed hangs below its nearest listed ancestor', () => {
    const tree = new ModuleTree([module('', 'Net'), module('blocks', 'ModuleList'), module('blocks.0.mlp', 'Linear')]);
    assert.deepEqual(tree.place('blocks.0.mlp').scope, ['blocks.0.mlp']);
    assert.deepEqual(tree.chain('blocks.0.mlp'), ['blocks', 'blocks.0.mlp']);
  });

  it('gives a recording one layer per top-level module holding every parameter below it, and the root’s own parameters as `model`', () => {
    const layers = recordedLayers([module('', 'Net', ['scale']), ...ENCODER.slice(1)]);
    assert.deepEqual(
      layers.map((l) => [l.name, l.kind, l.params]),
      [
        ['model', 'Net', ['scale']],
        ['encoder', 'TransformerEncoder', ['encoder.layers.0.self_attn.in_proj_weight', 'encoder.layers.0.self_attn.out_proj.weight', 'encoder.layers.0.norm1.weight']],
        ['head', 'Linear', ['head.weight', 'head.bias']],
      ],
    );
  });
});
