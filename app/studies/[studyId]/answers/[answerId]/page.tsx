import { DataTable, Row } from "@/components/data-table";
import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { pageIds } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { getAnswerOrNotFound } from "@/features/studies/browse";
import { AnswerVersions } from "@/features/studies/answer-versions";
import { ratingChangeLines } from "@/features/studies/answer-history";
import { clearGoldScoresAction, setGoldScoresAction } from "@/features/gold/actions";
import { GoldScoreForm } from "@/features/gold/gold-form";
import { goldScoresOf } from "@/features/gold/service";

export const metadata: Metadata = { title: "Answer" };

const score = (value: number) => (value === -1 ? "not scored" : String(value));

export default async function AnswerPage({ params }: { params: Promise<{ studyId: string; answerId: string }> }) {
  const user = await requireRole(AREA_ROLES.results);
  const { studyId, answerId } = await pageIds(params);
  const answer = await getAnswerOrNotFound(studyId, answerId);
  const gold = await goldScoresOf(answer.id);
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
        <h3 className="font-medium">Answer{answer.version > 1 && ` (version ${answer.version})`}</h3>
        <p className="whitespace-pre-wrap rounded border border-slate-200 bg-white p-3 text-sm" data-testid="answer-text">
          {answer.text || <em className="text-slate-500">(empty)</em>}
        </p>
      </section>
      {answer.versions.length > 0 && <AnswerVersions answer={answer} />}
      <section aria-labelledby="gold-heading">
        <h3 id="gold-heading" className="mb-2 font-medium">Gold scores</h3>
        {user.role === "admin" ? (
          <GoldScoreForm
            studyId={studyId}
            answerId={answer.id}
            criticalActions={actions.map((a) => a.text)}
            current={gold && {
              omissionHarm: gold.omissionHarm,
              commissionHarm: gold.commissionHarm,
              criticalActionResults: gold.criticalActionResults,
              responseClass: gold.responseClass,
              omissionMechanism: gold.omissionMechanism,
              reasoning: gold.reasoning,
            }}
            setAction={setGoldScoresAction}
            clearAction={clearGoldScoresAction}
          />
        ) : (
          <p className="text-sm" data-testid="gold-scores">
            {gold ? `OH ${gold.omissionHarm} · CH ${gold.commissionHarm}` : <span className="text-slate-500">none: this answer is not a gold item</span>}
          </p>
        )}
      </section>
      <section>
        <h3 className="mb-2 font-medium">Scores ({answer.ratings.length})</h3>
        <DataTable label="Scores" columns={["Rater", { label: "OH", numeric: true }, { label: "CH", numeric: true }, "Critical actions", "Class / mechanism", "Reasoning", "Text version", "Changes"]}>
            {answer.ratings.map((r) => (
              <Row key={r.id} top>
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
                <td className="p-2">{r.answerVersion}{r.answerVersion !== answer.version && " (earlier)"}</td>
                <td className="p-2" data-testid="rating-changes">
                  {r.revisions.length === 0 ? <span className="text-slate-500">none</span> : ratingChangeLines(r.revisions).map((line) => <div key={line}>{line}</div>)}
                </td>
              </Row>
            ))}
        </DataTable>
      </section>
    </div>
  );
}
