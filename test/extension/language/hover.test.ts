import * as assert from 'node:assert/strict';
import { EXCEPTION_FILTERS, switchDoc } from '../../../engine/model/catalog/exceptionFilters';
import { hoverAt } from '../../../extension/language/hover';
import { atCursor } from './cursor';

function hover(marked: string): string | undefined {
  const { text, line, character } = atCursor(marked);
  return hoverAt(text, line, character)?.markdown;
}

describe('hover for model files', () => {
  it('a layer kind: what it does, its formula and its settings with defaults', () => {
    const md = hover('model:\n  - lin|ear: { out: 4 }') ?? '';
    assert.match(md, /^\*\*linear\*\* — A fully connected layer/);
    assert.match(md, /```latex\ny = x W\^\\top \+ b\n```/);
    assert.match(md, /- `bias` = `true` — add a learned bias b/);
  });

  it('a layer written bare in a list item', () => {
    assert.match(hover('model:\n  - linear: { out: 4 }\n  - ta|nh') ?? '', /^\*\*tanh\*\*/);
  });

  it('validation and its interval', () => {
    assert.match(hover('data:\n  task: xor\n  valid|ation: 0.2') ?? '', /^\*\*validation\*\* — examples held out of training and scored/);
    assert.match(hover('data:\n  task: xor\n  validation: { fraction: 0.2, ev|ery: 5 }') ?? '', /^\*\*every\*\* — training steps between two validations/);
  });

  it('a setting key, with its default', () => {
    assert.equal(hover('training:\n  l|r: 0.5'), '**lr** — learning rate (the schedule starts from it)\n\ndefault: `0.1`');
  });

  it('fastText’s `unseen`: the words the Inspector follows, from the catalogue row with its default', () => {
    const md = hover('model:\n  - fasttext: { dim: 4, un|seen: kings }') ?? '';
    assert.match(md, /^\*\*unseen\*\* — words outside the vocabulary whose nearest words the Inspector follows[\s\S]*default: the corpus's words left out of the vocabulary/);
  });

  it('an exception breakpoint of break_on: the table\'s description, default threshold and whether it is on', () => {
    for (const f of EXCEPTION_FILTERS.filter((d) => d.inFile)) {
      const key = `${f.filter.slice(0, 2)}|${f.filter.slice(2)}`;
      assert.equal(hover(`debug:\n  break_on:\n    ${key}: true`), `**${f.filter}** — ${switchDoc(f)}\n\ndefault: \`${f.on}\``);
    }
    assert.match(hover('debug:\n  break_on:\n    expl|oding: 50') ?? '', /\(true: 100\)/);
  });

  it('a loss and an optimizer written as values', () => {
    assert.match(hover('loss: b|ce') ?? '', /Binary cross-entropy on probabilities[\s\S]*latex/);
    assert.match(hover('training:\n  optimizer: { ad|am: { beta1: 0.8 } }') ?? '', /\*\*adam\*\*[\s\S]*- `beta1` = `0.9`/);
  });

  it('an enum value', () => {
    assert.match(hover('model:\n  - linear: { out: 4, init: h|e }') ?? '', /^\*\*he\*\* — weight initialisation/);
  });

  it('nothing on a layer name or unknown words', () => {
    assert.equal(hover('model:\n  - linear: { name: hid|den, out: 4 }'), undefined);
    assert.equal(hover('fo|o: 1'), undefined);
  });

  describe('the class mapping of a table\'s target, from the latest check', () => {
    const classes = ['setosa', 'versi|color', 'virginica'];
    const withFacts = (marked: string, facts = { classes }): string => {
      const { text, line, character } = atCursor(marked);
      return hoverAt(text, line, character, facts)?.markdown ?? '';
    };

    it('on the `target` key and on its value: id ↔ label as a table, a `|` in a label escaped', () => {
      for (const marked of ['data:\n  csv: iris.csv\n  tar|get: species', 'data:\n  csv: iris.csv\n  target: spe|cies']) {
        const md = withFacts(marked);
        assert.match(md, /\| id \| label \|\n\|---:\|---\|\n\| 0 \| setosa \|\n\| 1 \| versi\\\|color \|\n\| 2 \| virginica \|$/, marked);
      }
      assert.match(withFacts('data:\n  csv: iris.csv\n  tar|get: species'), /^\*\*target\*\* — for a table: the target column/);
    });

    it('past 30 classes, the first 30 rows and how many there are', () => {
      const many = Array.from({ length: 45 }, (_, i) => `c${i}`);
      const md = withFacts('data: { csv: t.csv, tar|get: k }', { classes: many });
      assert.equal(md.match(/^\| \d+ \|/gm)?.length, 30);
      assert.match(md, /… and 15 more \(45 classes\)$/);
    });

    it('nowhere else, and not without a check that read the classes', () => {
      assert.doesNotMatch(withFacts('training:\n  l|r: 0.5'), /Classes of the target/);
      assert.doesNotMatch(withFacts('data:\n  csv: iris.csv\n  tar|get: species', {} as { classes: string[] }), /Classes of the target/);
    });
  });
});
