"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentLink } from "@/lib/current-link";

/** A row of links under a page's title (admin sections, a study's tabs); the tab of the current page is marked (aria-current). */
export function TabNav({ label, links }: { label: string; links: { href: string; label: string }[] }) {
  const current = currentLink(usePathname(), links);
  return (
    <nav aria-label={label} className="mb-6 flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-200 pb-2 text-sm">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link === current ? "page" : undefined}
          className="text-brand-700 hover:underline aria-[current=page]:font-semibold aria-[current=page]:text-slate-900 aria-[current=page]:underline aria-[current=page]:decoration-2 aria-[current=page]:underline-offset-4"
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
