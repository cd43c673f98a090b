/** The rated scales and their number of categories (docs/design.md §3). */
export const SCALES = { omission_harm: 5, commission_harm: 4 } as const;
export type Scale = keyof typeof SCALES;
