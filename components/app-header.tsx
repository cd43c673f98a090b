import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/session";
import { AREA_ROLES, hasRole } from "@/lib/roles";
import { MainNav, PageLink } from "./main-nav";
import { SignOutButton } from "./sign-out-button";

const NAV = [
  { href: "/queues", label: "My queues", roles: AREA_ROLES.rating, prefixes: ["/queues"] },
  // A study's pages belong to Results for a researcher and to Administration for an admin (who reaches them there).
  { href: "/results", label: "Results", roles: AREA_ROLES.results, prefixes: ["/results"], studiesFor: "researcher" },
  { href: "/admin", label: "Administration", roles: AREA_ROLES.administration, prefixes: ["/admin"], studiesFor: "admin" },
] as const;

export async function AppHeader() {
  const user = await getCurrentUser();
  const items = user
    ? NAV.filter((item) => hasRole(user.role, item.roles)).map((item) => ({
        href: item.href,
        label: item.label,
        prefixes: "studiesFor" in item && item.studiesFor === user.role ? [...item.prefixes, "/studies"] : item.prefixes,
      }))
    : [];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold text-brand-700">
          Tandem
        </Link>
        {user && <MainNav items={items} />}
        {user && (
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <span data-testid="signed-in-as">
              {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{user.role}</span>
            </span>
            <PageLink href="/account/password" className="hover:text-brand-700 aria-[current=page]:font-semibold aria-[current=page]:text-brand-700">
              Password
            </PageLink>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
