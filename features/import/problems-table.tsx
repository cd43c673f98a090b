"use client";

import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useState } from "react";
import type { ErrorDetail } from "@/lib/errors";

/** Rows rendered at most; filtering or sorting brings the others up, and the download holds them all. */
export const MAX_ROWS_SHOWN = 200;

const columns: ColumnDef<ErrorDetail>[] = [
  { accessorKey: "file", header: "File", cell: (c) => c.getValue<string | undefined>() ?? "" },
  { accessorKey: "line", header: "Line", sortingFn: "basic", cell: (c) => c.getValue<number | undefined>() ?? "" },
  { accessorKey: "record", header: "Record", sortingFn: "basic", cell: (c) => c.getValue<number | undefined>() ?? "" },
  { accessorKey: "field", header: "Field", cell: (c) => c.getValue<string | undefined>() ?? "" },
  { accessorKey: "message", header: "Problem" },
];

/** The problems of a refused upload: sortable by any column, filterable by text, the first few hundred rendered. */
export function ProblemsTable({ problems }: { problems: ErrorDetail[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState("");
  // TanStack Table's API is not memoisable; the app does not use the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: problems,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    sortDescFirst: false,
  });
  const rows = table.getRowModel().rows;
  const shown = rows.slice(0, MAX_ROWS_SHOWN);
  return (
    <div className="space-y-2">
      <input
        aria-label="Filter problems"
        placeholder="Filter by file, field or message…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        className="w-full rounded border border-slate-300 px-3 py-1.5 text-sm"
      />
      <table className="w-full border-collapse rounded border border-red-200 bg-white text-sm" aria-label="Problems">
        <thead className="bg-red-50 text-left">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className="p-2" aria-sort={header.column.getIsSorted() === "asc" ? "ascending" : header.column.getIsSorted() === "desc" ? "descending" : "none"}>
                  <button type="button" onClick={header.column.getToggleSortingHandler()} className="font-semibold hover:underline">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    {{ asc: " ▲", desc: " ▼" }[header.column.getIsSorted() as string] ?? ""}
                  </button>
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.id} className="border-t border-red-100 align-top">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="p-2">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">
        Showing {shown.length} of {problems.length}
        {rows.length > shown.length && ` (the first ${shown.length} of the ${rows.length} that match: filter, sort or download for the others)`}
      </p>
    </div>
  );
}
