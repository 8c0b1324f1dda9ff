// What of an element inside a webview a person actually sees: its box clipped by every scrolling
// ancestor in the webview, by the webview's frame and by the browser window, and the screenshot's
// pixels there compared with the webview's background.
import type { Frame, Locator, Page } from 'playwright-core';
import { decodePng } from './png';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface InSight {
  /** The element's box in the page (CSS pixels). */
  box: Rect;
  /** The part of it on screen, in the page; null when none is. */
  visible: Rect | null;
  /** visible area / box area. */
  fraction: number;
  /** Is the element itself what is drawn at the visible part's centre (nothing covers it)? */
  onTop: boolean;
  /** Of the screenshot's pixels in the visible part: the share unlike the background, and their colours. */
  painted: number;
  colours: number;
  /** The webview's background, `#rrggbb`, taken from the screenshot beside its top-left corner. */
  background: string;
}

/** Measures `selector` (the first match) inside the webview content frame `frame` of `page`. */
export async function inSight(page: Page, frame: Frame, selector: string): Promise<InSight> {
  const element = frame.locator(selector).first();
  const frameBox = await (await frame.frameElement()).boundingBox();
  const box = await element.boundingBox(); // Playwright gives boxes inside frames in page coordinates
  if (!frameBox || !box) throw new Error(`${selector}: no box (is it displayed?)`);
  const clipped = await clippedInFrame(element);
  const window = page.viewportSize() ?? { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY };
  const shift = (r: Rect | null): Rect | null => r && { ...r, x: r.x + frameBox.x, y: r.y + frameBox.y };
  const visible = intersect(intersect(shift(clipped), frameBox), { x: 0, y: 0, width: window.width, height: window.height });
  const fraction = visible ? (visible.width * visible.height) / (box.width * box.height) : 0;
  const onTop = visible ? await element.evaluate((el, [x, y]) => el.ownerDocument.elementFromPoint(x!, y!) === el, [visible.x - frameBox.x + visible.width / 2, visible.y - frameBox.y + visible.height / 2]) : false;
  const corner = { x: Math.floor(frameBox.x + 2), y: Math.floor(frameBox.y + 2), width: 1, height: 1 };
  const [bg] = (await screenshotPixels(page, corner)).colours;
  const background = bg ?? -1;
  let painted = 0;
  let colours = 0;
  if (visible) {
    const pixels = await screenshotPixels(page, visible);
    const unlike = pixels.colours.filter((c) => c !== background);
    painted = unlike.length / Math.max(1, pixels.colours.length);
    colours = new Set(unlike).size;
  }
  return { box, visible, fraction, onTop, painted, colours, background: `#${background.toString(16).padStart(6, '0')}` };
}

/** The element's box in its frame, cut by each ancestor that clips (scrolls) and by the frame's window. */
function clippedInFrame(element: Locator): Promise<Rect | null> {
  return element.evaluate((el) => {
    let r: { left: number; top: number; right: number; bottom: number } = el.getBoundingClientRect();
    const cut = (c: { left: number; top: number; right: number; bottom: number }): void => {
      r = { left: Math.max(r.left, c.left), top: Math.max(r.top, c.top), right: Math.min(r.right, c.right), bottom: Math.min(r.bottom, c.bottom) };
    };
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') cut(a.getBoundingClientRect());
    }
    cut({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight });
    return r.right > r.left && r.bottom > r.top ? { x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top } : null;
  });
}

function intersect(a: Rect | null, b: Rect): Rect | null {
  if (!a) return null;
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** The screenshot's pixels in `clip`, 0xrrggbb, row by row. */
async function screenshotPixels(page: Page, clip: Rect): Promise<{ colours: number[] }> {
  return { colours: decodePng(await page.screenshot({ clip, animations: 'disabled', caret: 'hide' })).rgb };
}
