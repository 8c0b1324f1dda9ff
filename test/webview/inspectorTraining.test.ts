/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { webviewPages } from './support/pages';
import { fixture } from './support/standInHost';

describe('Inspector webview: Training (headless Chromium)', function () {
  this.timeout(180_000);
  const openPage = webviewPages();

  it('lists a language model\'s last lines of text with their steps, and hides the list when there are none', async () => {
    const host = await openPage('inspector', { theme: 'dark' });
    const view = fixture('lstm-forward').inspector;
    const generated = Array.from({ length: 10 }, (_, i) => ({ step: 50 * (i + 1), text: `we the people ${'of the '.repeat(i)}` }));
    await host.send({ type: 'inspector', view: { ...view, training: { ...view.training, generated } } });
    const items = host.page.locator('[data-section=training] .generated-text li');
    assert.equal(await items.count(), 8);
    assert.equal((await items.first().textContent())?.trim(), `step 150: ${generated[2].text}`.trim());
    assert.equal((await items.last().textContent())?.trim(), `step 500: ${generated[9].text}`.trim());
    await host.send({ type: 'inspector', view });
    assert.equal(await host.page.locator('[data-section=training] .generated-text').isVisible(), false);
    assert.deepEqual(host.consoleErrors, []);
  });
});
