/**
 * Colours come from the VS Code theme only: each is read from a `--vscode-*` variable when a view
 * draws on a canvas (charts, heatmaps), and the views redraw when the theme changes.
 */
export type Rgb = readonly [number, number, number];

export interface Palette {
  readonly background: Rgb;
  readonly foreground: Rgb;
  /** Secondary text: axis ticks, captions. */
  readonly muted: Rgb;
  /** Grid lines and axes. */
  readonly lines: Rgb;
  readonly blue: Rgb;
  readonly red: Rgb;
  readonly orange: Rgb;
  readonly green: Rgb;
  readonly yellow: Rgb;
  readonly purple: Rgb;
  /** Outline of the focused / current item. */
  readonly focus: Rgb;
  /** High-contrast themes draw outlines around everything and need them thicker. */
  readonly highContrast: boolean;
  readonly fontFamily: string;
  readonly fontSize: number;
}

/** Each colour: the variables to try, in order. */
const SOURCES: Record<Exclude<keyof Palette, 'highContrast' | 'fontFamily' | 'fontSize' | 'background'>, readonly string[]> = {
  foreground: ['--vscode-foreground', '--vscode-editor-foreground'],
  muted: ['--vscode-descriptionForeground', '--vscode-foreground'],
  lines: ['--vscode-charts-lines', '--vscode-widget-border', '--vscode-foreground'],
  blue: ['--vscode-charts-blue', '--vscode-terminal-ansiBlue', '--vscode-foreground'],
  red: ['--vscode-charts-red', '--vscode-errorForeground', '--vscode-foreground'],
  orange: ['--vscode-charts-orange', '--vscode-charts-yellow', '--vscode-foreground'],
  green: ['--vscode-charts-green', '--vscode-terminal-ansiGreen', '--vscode-foreground'],
  yellow: ['--vscode-charts-yellow', '--vscode-terminal-ansiYellow', '--vscode-foreground'],
  purple: ['--vscode-charts-purple', '--vscode-terminal-ansiMagenta', '--vscode-foreground'],
  focus: ['--vscode-focusBorder', '--vscode-contrastActiveBorder', '--vscode-foreground'],
};

let probe: HTMLElement | null = null;

/** Resolves any CSS colour (a variable, a name, `#abc`, `rgb()`) to RGB through the browser itself. */
function resolve(css: string): Rgb | null {
  if (!probe) {
    probe = document.createElement('span');
    probe.hidden = true;
    document.body.append(probe);
  }
  probe.style.color = '';
  probe.style.color = css;
  if (!probe.style.color) return null;
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(getComputedStyle(probe).color);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function variable(names: readonly string[]): Rgb {
  const root = getComputedStyle(document.documentElement);
  for (const name of names) {
    const value = root.getPropertyValue(name).trim();
    const rgb = value ? resolve(value) : null;
    if (rgb) return rgb;
  }
  return resolve('CanvasText') ?? [128, 128, 128];
}

/** The body's painted background (VS Code sets it per view: side bar or editor). */
function background(): Rgb {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/.exec(getComputedStyle(document.body).backgroundColor);
  if (m && (m[4] === undefined || Number(m[4]) > 0)) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return variable(['--vscode-sideBar-background', '--vscode-editor-background']);
}

export function readPalette(): Palette {
  const colours = Object.fromEntries(Object.entries(SOURCES).map(([key, names]) => [key, variable(names)])) as Record<keyof typeof SOURCES, Rgb>;
  const body = getComputedStyle(document.body);
  const classes = document.body.classList;
  return {
    ...colours,
    background: background(),
    highContrast: classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light'),
    fontFamily: body.fontFamily || 'sans-serif',
    fontSize: parseFloat(body.fontSize) || 13,
  };
}

export const css = (c: Rgb, alpha = 1): string => (alpha >= 1 ? `rgb(${c[0]}, ${c[1]}, ${c[2]})` : `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`);

/** Relative luminance (WCAG), to pick readable text over a coloured cell. */
export function luminance(c: Rgb): number {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** Whichever of the theme's foreground and background reads better on `fill`. */
export function textOn(fill: Rgb, palette: Palette): Rgb {
  const contrast = (a: Rgb): number => {
    const [hi, lo] = [luminance(a), luminance(fill)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  return contrast(palette.foreground) >= contrast(palette.background) ? palette.foreground : palette.background;
}

/**
 * Calls `redraw` when VS Code switches the theme: it rewrites the `<html>` style (the variables)
 * and the `<body>` class (`vscode-light`, `vscode-dark`, `vscode-high-contrast`).
 */
export function onThemeChange(redraw: () => void): void {
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      redraw();
    });
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
