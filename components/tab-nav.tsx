import Link from "next/link";

/** A row of links under a page's title (admin sections, a study's tabs). */
export function TabNav({ label, links }: { label: string; links: { href: string; label: string }[] }) {
  return (
    <nav aria-label={label} className="mb-6 flex gap-4 border-b border-slate-200 pb-2 text-sm">
      {links.map((link) => (
        <Link key={link.href} href={link.href} className="text-brand-700 hover:underline">
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
