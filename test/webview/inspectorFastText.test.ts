/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { InspectorView } from '../../engine/protocol';
import { formatNumber } from '../../engine/protocol/numberText';
import { pixelAt, rgbOf, sameColour, tableRows } from './inspector/wordPixels';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';
import { THEMES } from './support/themes';

/** Geometry as fastTextSection.ts draws: rows of 16 px from y = 6; share 0 at x = 200, ±max|share| at ±100 px. */
const BARS = { zero: 200, half: 100, top: 6, row: 16 };

/** `<word>`'s n-grams of 3 to 6 characters, by start then length, the whole `<word>` last when longer than 6. */
function ngrams(word: string): string[] {
  const s = `<${word}>`;
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) for (let n = 3; n <= 6 && i + n <= s.length; n++) out.push(s.slice(i, i + n));
  return s.length > 6 ? [...out, s] : out;
}

/**
 * fasttext at step 400 after v_c, having stopped at steps 1, 50, 100, 200 and 300 before: the
 * centre word's rows with < >, each share drawn as a bar of its length; the unseen words'
 * neighbours at each of those steps; hatched bars before v_c has run.
 */
describe('Inspector webview: fastText (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors, []);
  });
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=fasttext]';
  const view = (): InspectorView => fixture('fasttext-vc').inspector;
  const theme = THEMES.dark.vars;

  it('names each row (its own, then the n-grams of <word>) with its share, and the shares sum to 1', async () => {
    const host = await open();
    const v = view();
    const f = v.fastText!;
    await host.send({ type: 'inspector', view: v });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=shares]`));
    assert.deepEqual(rows.map((r) => r[0]), [`${f.word} (own row)`, ...ngrams(f.word)]);
    assert.deepEqual(rows.map((r) => r[2]), f.parts.map((p) => formatNumber(p.share!, 4)));
    assert.ok(Math.abs(f.parts.reduce((a, p) => a + p.share!, 0) - 1) < 1e-9);
    await host.screenshot('inspector-fasttext-dark');
  });

  it('draws each share as a bar from 0, blue when positive, red when negative, as long as share / max|share|', async () => {
    const host = await open();
    const v = view();
    const f = v.fastText!;
    await host.send({ type: 'inspector', view: v });
    const canvas = host.page.locator(`${section} canvas.ft-shares`);
    const max = Math.max(...f.parts.map((p) => Math.abs(p.share!)));
    for (const [k, p] of f.parts.entries()) {
      const colour = rgbOf(theme[p.share! >= 0 ? '--vscode-charts-blue' : '--vscode-charts-red']);
      const end = BARS.zero + (p.share! / max) * BARS.half;
      const y = BARS.top + k * BARS.row + BARS.row / 2;
      if (Math.abs(end - BARS.zero) > 4) assert.ok(sameColour(await pixelAt(canvas, (BARS.zero + end) / 2, y), colour), `bar of ${p.gram} is filled`);
      assert.ok(!sameColour(await pixelAt(canvas, end + Math.sign(end - BARS.zero) * 2, y), colour), `bar of ${p.gram} ends at ${p.share}`);
    }
  });

  it('tables each unseen word’s nearest words at every step seen so far, in order', async () => {
    const host = await open();
    const v = view();
    const f = v.fastText!;
    await host.send({ type: 'inspector', view: v });
    for (const u of f.unseen) {
      const rows = await tableRows(host.page.locator(`${section} table[data-word="${u.word}"]`));
      assert.deepEqual(rows.map((r) => Number(r[0])), [0, 49, 99, 199, 299, 399]);
      assert.deepEqual(rows, u.history.map((h) => [String(h.step), ...h.neighbours.map((n) => `${n.word} ${formatNumber(n.cosine, 2)}`)]));
    }
    assert.ok(f.unseen[0].word === 'kings' && f.unseen[0].history.at(-1)!.neighbours.slice(0, 2).some((n) => n.word === 'king'), 'kings lands next to king');
    assert.match((await host.page.locator(`${section} .ft-unseen-note`).textContent()) ?? '', /^Words named by the layer’s setting unseen: each one's vector is the mean of its n-gram rows/);
    await host.screenshot('inspector-fasttext-dark');
  });

  it('says where the unseen words come from (the corpus’s left-out words, a named word already known), and when there are none, why and how to name some', async () => {
    const host = await open();
    const v = view();
    const note = host.page.locator(`${section} .ft-unseen-note`);
    await host.send({ type: 'inspector', view: { ...v, fastText: { ...v.fastText!, unseenSource: 'corpus', namedKnown: ['king'] } } });
    assert.match((await note.textContent()) ?? '', /^The corpus's most frequent words left out of the vocabulary \(below min_count or past the vocabulary cap\) \(“king” is in the vocabulary, so not followed\)/);
    await host.send({ type: 'inspector', view: { ...v, fastText: { ...v.fastText!, unseen: [], unseenSource: null, namedKnown: [] } } });
    assert.match((await note.textContent()) ?? '', /^No unseen words to follow: every word of the corpus is in the vocabulary\. Name some with the layer’s setting \(unseen: kings queens\)/);
    assert.equal(await host.page.locator(`${section} table[data-table=unseen]`).count(), 0);
  });

  it('before v_c: every bar hatched and every share “not yet computed”; Up/Down read each row', async () => {
    const host = await open();
    const v = view();
    const before: InspectorView = { ...v, fastText: { ...v.fastText!, parts: v.fastText!.parts.map((p) => ({ ...p, share: null })) } };
    await host.send({ type: 'inspector', view: before });
    const rows = await tableRows(host.page.locator(`${section} table[data-table=shares]`));
    assert.ok(rows.every((r) => r[2] === 'not yet computed'));
    const canvas = host.page.locator(`${section} canvas.ft-shares`);
    assert.ok(!sameColour(await pixelAt(canvas, BARS.zero + 10, BARS.top + BARS.row / 2), rgbOf(theme['--vscode-charts-blue'])));
    await canvas.focus();
    await host.page.keyboard.press('ArrowDown');
    assert.equal(await host.page.locator(`${section} [aria-live]`).textContent(), `${v.fastText!.parts[1].gram} (row ${v.fastText!.parts[1].row}): share not yet computed`);
  });

  it('has no section for word2vec', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('word2vec').inspector });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
