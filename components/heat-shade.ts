// Shading of heatmap cells with text that stays readable on every shade. Pure.

export type Rgb = readonly [r: number, g: number, b: number];

/** A colour at `alpha` over white, as opaque RGB. */
const overWhite = ([r, g, b]: Rgb, alpha: number): Rgb => [r, g, b].map((c) => Math.round(255 - alpha * (255 - c))) as unknown as Rgb;

/** WCAG relative luminance. */
function luminance(rgb: Rgb): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque colours. */
export function contrast(x: Rgb, y: Rgb): number {
  const [hi, lo] = [luminance(x), luminance(y)].sort((a, b) => b - a) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A cell's background (`colour` at `alpha` over white) and the text colour,
 * black or white, with the higher contrast on it: one of the two always
 * reaches 4.58:1, above the 4.5:1 that normal text needs.
 */
export function heatShade(colour: Rgb, alpha: number): { backgroundColor: string; color: string } {
  const background = overWhite(colour, Math.min(1, Math.max(0, alpha)));
  const black: Rgb = [0, 0, 0];
  const white: Rgb = [255, 255, 255];
  return {
    backgroundColor: `rgb(${background.join(", ")})`,
    color: contrast(background, black) >= contrast(background, white) ? "#000000" : "#ffffff",
  };
}
