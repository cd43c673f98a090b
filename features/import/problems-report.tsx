"use client";

import { useMemo } from "react";
import type { ErrorDetail } from "@/lib/errors";
import { groupProblems, placesText, problemsCsv } from "./problem-groups";
import { ProblemsTable } from "./problems-table";

/** Groups shown; the download holds every problem. */
export const MAX_GROUPS_SHOWN = 200;
/** Up to this many problems the table of each problem is open at once; past it, one click away. */
const TABLE_OPEN_UP_TO = 20;

/** Saves `text` as a file from the browser: the problems are already on the page, no request needed. */
function download(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The problems of an upload, readable at any number: identical problems as
 * one line with their count and first places, at most a few hundred lines,
 * every problem in a sortable table and in a CSV download. `partial`: the
 * server listed only the first of them (its message says how many there are).
 */
export function ProblemsReport({ problems, downloadName, partial = false }: { problems: ErrorDetail[]; downloadName: string; partial?: boolean }) {
  const groups = useMemo(() => groupProblems(problems), [problems]);
  const shown = groups.slice(0, MAX_GROUPS_SHOWN);
  return (
    <div className="space-y-3">
      <ul aria-label="Problems, grouped" className="space-y-1 rounded border border-red-200 bg-white p-3 text-sm">
        {shown.map((group, i) => {
          const places = placesText(group);
          return (
            <li key={i} data-testid="problem-group">
              <span className="font-semibold">{group.count} ×</span> {group.message}
              {places && <span className="text-slate-600"> — {places}</span>}
            </li>
          );
        })}
      </ul>
      <p className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
        <span data-testid="problem-groups-count">
          {groups.length > shown.length
            ? `Showing the first ${shown.length} of ${groups.length} kinds of problem (${problems.length} problems).`
            : `${problems.length} ${problems.length === 1 ? "problem" : "problems"} of ${groups.length} ${groups.length === 1 ? "kind" : "kinds"}.`}
        </span>
        <button type="button" onClick={() => download(problemsCsv(problems), downloadName, "text/csv;charset=utf-8")}
          className="rounded border border-brand-600 px-3 py-1 text-brand-700 hover:bg-slate-50">
          {partial ? `Download the ${problems.length} listed problems (CSV)` : "Download every problem (CSV)"}
        </button>
      </p>
      <details open={problems.length <= TABLE_OPEN_UP_TO}>
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Each problem on its own row</summary>
        <div className="mt-2">
          <ProblemsTable problems={problems} />
        </div>
      </details>
    </div>
  );
}
