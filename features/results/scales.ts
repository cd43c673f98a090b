import { COMMISSION_HARM_LEVELS, OMISSION_HARM_LEVELS } from "@/lib/instrument";

/** The rated scales and their number of categories, from the instrument's levels. */
export const SCALES = { omission_harm: OMISSION_HARM_LEVELS.length, commission_harm: COMMISSION_HARM_LEVELS.length } as const;
export type Scale = keyof typeof SCALES;
