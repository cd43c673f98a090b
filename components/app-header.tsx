import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/session";
import { AREA_ROLES, hasRole } from "@/lib/roles";
import { SignOutButton } from "./sign-out-button";

const NAV = [
  { href: "/queues", label: "My queues", roles: AREA_ROLES.rating },
  { href: "/results", label: "Results", roles: AREA_ROLES.results },
  { href: "/admin", label: "Administration", roles: AREA_ROLES.administration },
] as const;

export async function AppHeader() {
  const user = await getCurrentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
        <Link href="/" className="text-lg font-semibold text-brand-700">
          Tandem
        </Link>
        {user && (
          <nav aria-label="Main" className="flex gap-4 text-sm">
            {NAV.filter((item) => hasRole(user.role, item.roles)).map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-700 hover:text-brand-700">
                {item.label}
              </Link>
            ))}
          </nav>
        )}
        {user && (
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span data-testid="signed-in-as">
              {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{user.role}</span>
            </span>
            <Link href="/account/password" className="hover:text-brand-700">
              Password
            </Link>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
