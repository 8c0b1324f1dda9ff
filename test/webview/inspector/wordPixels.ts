/// <reference lib="dom" />
import type { Locator } from 'playwright-core';

/** The colour of a canvas at (x, y) CSS pixels, [r, g, b, a]. */
export function pixelAt(canvas: Locator, x: number, y: number): Promise<number[]> {
  return canvas.evaluate(
    (c, [x, y]) => {
      const canvas = c as HTMLCanvasElement;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      return Array.from(canvas.getContext('2d')!.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data);
    },
    [x, y],
  );
}

/** '#3794ff' → [55, 148, 255]. */
export const rgbOf = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

export const sameColour = (a: readonly number[], b: readonly number[], tol = 8): boolean => b.every((v, i) => Math.abs(a[i] - v) <= tol);

/** The text of each row of a table that holds data (a cell other than a header), cell by cell. */
export function tableRows(table: Locator): Promise<string[][]> {
  return table.evaluate((t) => [...(t as HTMLTableElement).rows].filter((r) => r.querySelector('td')).map((r) => [...r.cells].map((c) => c.textContent ?? '')));
}
