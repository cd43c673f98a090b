import { EARLIER_VERSIONS, type EarlierVersions } from "@/lib/answer-versions";

const LABELS: Record<EarlierVersions, string> = {
  exclude: "left out",
  include: "included",
};

/** The choices of the earlierVersions filter (Results, Analysis): ratings given to a text an import has since replaced. */
export const EARLIER_VERSION_OPTIONS = EARLIER_VERSIONS.map((value) => ({ value, label: LABELS[value] }));
