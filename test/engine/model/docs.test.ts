import assert from 'node:assert/strict';
import { kindHover, layerHover } from '../../../engine/model/docs';

describe('hover text from the catalogue', () => {
  it('a layer kind shows its doc, formula, settings with defaults, inputs and outputs', () => {
    const text = layerHover('lstm')!;
    assert.match(text, /\*\*lstm\*\* — Long short-term memory/);
    assert.match(text, /\$\$f_t = \\sigma/);
    assert.match(text, /`hidden` — size of the hidden state h \(an integer in \[1, 1000000\], required\)/);
    assert.match(text, /`return` — .* default `"sequence"`/);
    assert.match(text, /`state` — start from the final state/);
    assert.match(text, /`out` — /);
  });

  it('a setting or an input on its own', () => {
    assert.match(layerHover('attention', 'score')!, /one of "dot", "general", "additive", "scaled_dot", default `"dot"`/);
    assert.match(layerHover('attention', 'keys')!, /\(input\)/);
    assert.equal(layerHover('attention', 'nope'), undefined);
    assert.equal(layerHover('nope'), undefined);
  });

  it('losses, optimizers, schedules and tasks', () => {
    assert.match(kindHover('adam')!, /bias correction[\s\S]*`beta1`/);
    assert.match(kindHover('warmup_cosine')!, /`warmup_steps` — .*required/);
    assert.match(kindHover('spirals')!, /`noise`/);
    assert.equal(kindHover('nope'), undefined);
  });
});
