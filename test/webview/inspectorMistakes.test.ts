/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { InspectorView } from '../../engine/protocol';
import { formatNumber } from '../../engine/protocol/numberText';
import { webviewPages } from './support/pages';
import { fixture, type StandInHost } from './support/standInHost';

/**
 * The misclassified digits of digits-mlp's batch at step 20 (recorded after the loss, in the backward
 * pass): each one an 8×8 image with its true and predicted digit, keyboard-reachable, named for a
 * screen reader; before the loss only a sentence; no section for a model without images.
 */
describe('Inspector webview: the misclassified images of the batch (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages((host) => {
    assert.deepEqual(host.consoleErrors, []);
  });
  const open = (): Promise<StandInHost> => openPage('inspector', { theme: 'dark' });
  const section = '[data-section=mistakes]';

  it('draws each wrong example as an image captioned "true t → p" with its probability, named for a screen reader', async () => {
    const host = await open();
    const view = fixture('digits-mistakes').inspector;
    const m = view.mistakes!;
    assert.ok(m.computed && m.wrong > m.examples.length, 'the fixture has more mistakes than are shown');
    await host.send({ type: 'inspector', view });
    const figures = host.page.locator(`${section} figure`);
    assert.equal(await figures.count(), m.examples.length);
    assert.deepEqual(
      await host.page.locator(`${section} figcaption`).allInnerTexts(),
      m.examples.map((e) => `true ${e.trueClass.label} → ${e.predicted.label}\np ${formatNumber(e.probability, 2)}`),
    );
    const labels = await figures.evaluateAll((fs) => fs.map((f) => f.getAttribute('aria-label')));
    m.examples.forEach((e, i) => assert.equal(labels[i], `Batch row ${e.row}: a ${e.trueClass.label} predicted as ${e.predicted.label} with probability ${formatNumber(e.probability, 2)}`));
    assert.equal(await host.page.locator(section).getAttribute('description'), `${m.wrong} of ${m.batch} wrong`);
    assert.match((await host.page.locator(`${section} .section-body > p`).textContent()) ?? '', new RegExp(`${m.wrong} of the ${m.batch} examples .* The first ${m.examples.length} are shown`));
    await host.screenshot('inspector-digits-mistakes-dark');
  });

  it('draws the pixels as ink: on a dark theme a higher value is a lighter pixel, the range of the batch from background to foreground', async () => {
    const host = await open();
    const view = fixture('digits-mistakes').inspector;
    await host.send({ type: 'inspector', view });
    const drawn = await host.page.locator(`${section} canvas`).first().evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return Array.from({ length: d.length / 4 }, (_, i) => d[i * 4] + d[i * 4 + 1] + d[i * 4 + 2]);
    });
    const pixels = view.mistakes!.examples[0].pixels;
    assert.equal(drawn.length, 64);
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) if (pixels[i] < pixels[j]) assert.ok(drawn[i] < drawn[j], `pixel ${i} (${pixels[i]}) is darker than pixel ${j} (${pixels[j]})`);
    }
  });

  it('is one tab stop: the arrow keys, Home and End move along the images', async () => {
    const host = await open();
    const view = fixture('digits-mistakes').inspector;
    await host.send({ type: 'inspector', view });
    const figures = host.page.locator(`${section} figure`);
    assert.deepEqual(await figures.evaluateAll((fs) => fs.map((f) => (f as HTMLElement).tabIndex).filter((t) => t === 0).length), 1);
    await figures.first().focus();
    const focused = (): Promise<string | null> => host.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    const labelOf = (i: number): Promise<string | null> => figures.nth(i).getAttribute('aria-label');
    await host.page.keyboard.press('ArrowRight');
    assert.equal(await focused(), await labelOf(1));
    await host.page.keyboard.press('End');
    assert.equal(await focused(), await labelOf(view.mistakes!.examples.length - 1));
    await host.page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), await labelOf(view.mistakes!.examples.length - 2));
    await host.page.keyboard.press('Home');
    assert.equal(await focused(), await labelOf(0));
  });

  it('before the loss of the step, says the answers come with the loss and draws none', async () => {
    const host = await open();
    const view = fixture('digits-mistakes').inspector;
    const before: InspectorView = { ...view, mistakes: { ...view.mistakes!, computed: false, wrong: 0, examples: [] } };
    await host.send({ type: 'inspector', view });
    await host.send({ type: 'inspector', view: before });
    assert.equal(await host.page.locator(`${section} figure`).count(), 0);
    assert.match((await host.page.locator(`${section} .section-body > p`).textContent()) ?? '', /shown once the step's loss is computed/);
    assert.equal(await host.page.locator(section).getAttribute('description'), 'after the loss');
  });

  it('has no section for a model whose inputs are not images', async () => {
    const host = await open();
    await host.send({ type: 'inspector', view: fixture('mlp-forward').inspector });
    assert.equal(await host.page.locator(section).isVisible(), false);
  });
});
