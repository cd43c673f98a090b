import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { getAnswerOrNotFound } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Answer" };

const score = (value: number) => (value === -1 ? "not scored" : String(value));

export default async function AnswerPage({ params }: { params: Promise<{ studyId: string; answerId: string }> }) {
  await requireRole(AREA_ROLES.results);
  const { studyId, answerId } = await params;
  const answer = await getAnswerOrNotFound(studyId, answerId);
  const actions = answer.scenario.criticalActions;
  return (
    <div className="space-y-6">
      <section>
        <h2 className="text-lg font-semibold">
          {answer.scenario.externalId} · {answer.modelId} · repetition {answer.repetition}
        </h2>
        <p className="text-sm text-slate-600">
          Blind code <span className="font-mono">{answer.blindCode}</span>
          {answer.contentFiltered && " · content-filtered"}
          {answer.outputTokens !== null && ` · ${answer.outputTokens} output tokens`}
        </p>
      </section>
      <section>
        <h3 className="font-medium">Prompt</h3>
        <p className="whitespace-pre-wrap rounded border border-slate-200 bg-white p-3 text-sm">{answer.scenario.prompt}</p>
      </section>
      <section>
        <h3 className="font-medium">Answer</h3>
        <p className="whitespace-pre-wrap rounded border border-slate-200 bg-white p-3 text-sm" data-testid="answer-text">
          {answer.text || <em className="text-slate-500">(empty)</em>}
        </p>
      </section>
      <section>
        <h3 className="mb-2 font-medium">Scores ({answer.ratings.length})</h3>
        <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th className="p-2">Rater</th>
              <th className="p-2 text-right">OH</th>
              <th className="p-2 text-right">CH</th>
              <th className="p-2">Critical actions</th>
              <th className="p-2">Class / mechanism</th>
              <th className="p-2">Reasoning</th>
            </tr>
          </thead>
          <tbody>
            {answer.ratings.map((r) => (
              <tr key={r.id} className="border-t border-slate-200 align-top">
                <td className="p-2">{r.rater.name} <span className="text-xs text-slate-500">({r.rater.kind})</span></td>
                <td className="p-2 text-right">{score(r.omissionHarm)}</td>
                <td className="p-2 text-right">{score(r.commissionHarm)}</td>
                <td className="p-2">
                  {r.criticalActionResults.map((result, i) => (
                    <div key={i} title={actions[i]?.text}>{i + 1}. {result}</div>
                  ))}
                </td>
                <td className="p-2">{[r.responseClass, r.omissionMechanism].filter(Boolean).join(" / ")}</td>
                <td className="p-2">{r.reasoning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
