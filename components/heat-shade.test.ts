import { describe, expect, it } from "vitest";
import { contrast, heatShade, type Rgb } from "./heat-shade";

const rgb = (css: string): Rgb => (css.startsWith("#") ? [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) : css.slice(4, -1).split(", ").map(Number)) as unknown as Rgb;

describe("heatShade", () => {
  it("keeps every shade's text at 4.5:1 or more, for the blue and the red of the heatmaps", () => {
    for (const colour of [[29, 78, 216], [190, 18, 60]] as Rgb[]) {
      for (let step = 0; step <= 100; step++) {
        const { backgroundColor, color } = heatShade(colour, step / 100);
        expect(contrast(rgb(backgroundColor), rgb(color)), `${colour.join()} at ${step}%`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("is white at no shade and the full colour at full shade", () => {
    expect(heatShade([29, 78, 216], 0)).toEqual({ backgroundColor: "rgb(255, 255, 255)", color: "#000000" });
    expect(heatShade([29, 78, 216], 1)).toEqual({ backgroundColor: "rgb(29, 78, 216)", color: "#ffffff" });
  });
});
