/** A figure for display: fixed decimals, "—" for an undefined (null) one, and no "-0.000". */
export function formatFigure(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return "—";
  return (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).toFixed(digits);
}
