import { describe, expect, it } from "vitest";
import { formatFigure } from "./format";

describe("formatFigure", () => {
  it("fixes the decimals, shows null as a dash and never shows minus zero", () => {
    expect(formatFigure(0.73684, 3)).toBe("0.737");
    expect(formatFigure(null)).toBe("—");
    expect(formatFigure(-2.7755575615628914e-17)).toBe("0.000");
    expect(formatFigure(-0.0004)).toBe("0.000");
    expect(formatFigure(-0.0006)).toBe("-0.001");
    expect(formatFigure(2, 2)).toBe("2.00");
  });
});
