import { z } from "zod";

// A rating is given to one version of an answer's text. When an import
// replaces an answer that has ratings, those ratings stay, given to the
// earlier version; agreement, results and analysis leave them out unless
// asked to include them (the current version's ratings always count).

export const EARLIER_VERSIONS = ["exclude", "include"] as const;
export type EarlierVersions = (typeof EARLIER_VERSIONS)[number];

const LABELS: Record<EarlierVersions, string> = {
  exclude: "left out",
  include: "included",
};

/** The choices of the earlierVersions filter (Results, Analysis): ratings given to a text an import has since replaced. */
export const EARLIER_VERSION_OPTIONS = EARLIER_VERSIONS.map((value) => ({ value, label: LABELS[value] }));

/** The `earlierVersions` query parameter of /results, /agreement and /analysis (absent: exclude). */
export const earlierVersionsSchema = z.enum(EARLIER_VERSIONS, { error: "earlierVersions must be include or exclude." }).optional();

/** Earlier versions' ratings are left out unless the filter asks for them. */
export const earlierVersionsOrDefault = (given: EarlierVersions | undefined): EarlierVersions => given ?? "exclude";

/** Whether a rating given to `ratedVersion` of an answer now at `currentVersion` counts. */
export function ratingCounts(ratedVersion: number, currentVersion: number, earlierVersions: EarlierVersions): boolean {
  return earlierVersions === "include" || ratedVersion === currentVersion;
}

/** A rating is of an earlier version when the answer's text has been replaced since it was given. */
export const isEarlierVersion = (ratedVersion: number, currentVersion: number) => ratedVersion < currentVersion;
