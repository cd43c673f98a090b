import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { createUserAction } from "@/features/admin/actions";
import { AdminNav } from "@/features/admin/admin-nav";
import { CreateUserForm } from "@/features/admin/forms";
import { listPeople } from "@/features/users/people";
import { PeopleTable } from "@/features/users/people-table";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const admin = await requireRole(AREA_ROLES.administration);
  const people = await listPeople();
  return (
    <>
      <PageHeader title="Users">
        Deactivating keeps a user&apos;s ratings; you cannot deactivate or demote yourself or the last active admin.
      </PageHeader>
      <AdminNav />
      <div className="grid gap-8 md:grid-cols-[2fr_1fr]">
        <PeopleTable people={people} currentUserId={admin.id} />
        <section>
          <h2 className="mb-3 text-lg font-semibold">New user</h2>
          <CreateUserForm action={createUserAction} />
        </section>
      </div>
    </>
  );
}
