"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentLink } from "@/lib/current-link";

export interface MainNavItem {
  href: string;
  label: string;
  /** The paths that belong to this item (default: its href). */
  prefixes: readonly string[];
}

/** The header's areas; the one the reader is in is marked (aria-current). */
export function MainNav({ items }: { items: readonly MainNavItem[] }) {
  const current = currentLink(usePathname(), items);
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item === current ? "page" : undefined}
          className="text-slate-700 hover:text-brand-700 aria-[current=page]:font-semibold aria-[current=page]:text-brand-700"
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

/** A single link marked (aria-current) while its page is open: the header's Password link. */
export function PageLink({ href, className, children }: { href: string; className: string; children: React.ReactNode }) {
  const here = usePathname() === href;
  return (
    <Link href={href} aria-current={here ? "page" : undefined} className={className}>
      {children}
    </Link>
  );
}
