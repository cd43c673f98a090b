import { AppError } from "@/lib/errors";

/** How many answers and ratings a rated-answers refusal names, as its message states them. */
export interface RatedAnswersSummary {
  answers: number;
  ratings: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The sentence that states the counts; the Import page reads them back from it (ratedAnswersSummary). */
export const ratedAnswersMessage = ({ answers, ratings }: RatedAnswersSummary) =>
  `The upload would replace ${plural(answers, "answer")} that ${answers === 1 ? "has" : "have"} ${plural(ratings, "rating")}; nothing was imported. ` +
  "Send replace=rated to replace them: their ratings are kept, marked as given to the earlier version, and left out of agreement and analysis by default.";

/** The 409 for an upload that would replace rated answers without replace=rated: the totals, and each answer listed named. */
export function ratedAnswersError(
  totals: RatedAnswersSummary,
  listed: { file: string; line: number; record?: number; pointer?: string | null; message: string }[],
): AppError {
  return new AppError(
    "answers_rated",
    ratedAnswersMessage(totals),
    listed.map((r) => ({
      file: r.file,
      line: r.line,
      ...(r.record !== undefined ? { record: r.record } : {}),
      ...(r.pointer ? { pointer: r.pointer } : {}),
      field: "replace",
      message: r.message,
    })),
  );
}

/** The counts of a rated-answers refusal, from its message; null for any other message. */
export function ratedAnswersSummary(message: string): RatedAnswersSummary | null {
  const match = /would replace (\d+) answers? that ha(?:s|ve) (\d+) ratings?/.exec(message);
  return match ? { answers: Number(match[1]), ratings: Number(match[2]) } : null;
}
