import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg rounded border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-2xl font-semibold">403 — Not allowed</h1>
      <p className="mt-2 text-slate-600">Your role does not give access to this page.</p>
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        Go to your start page
      </Link>
    </div>
  );
}
