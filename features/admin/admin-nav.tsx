import Link from "next/link";

const LINKS = [
  { href: "/admin", label: "Studies" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/tokens", label: "API tokens" },
];

export function AdminNav() {
  return (
    <nav aria-label="Administration" className="mb-6 flex gap-4 border-b border-slate-200 pb-2 text-sm">
      {LINKS.map((link) => (
        <Link key={link.href} href={link.href} className="text-brand-700 hover:underline">
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
