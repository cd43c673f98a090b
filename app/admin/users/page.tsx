import { DataTable, Row } from "@/components/data-table";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { createUserAction } from "@/features/admin/actions";
import { AdminNav } from "@/features/admin/admin-nav";
import { CreateUserForm } from "@/features/admin/forms";
import { listUsers } from "@/features/users/service";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  await requireRole(AREA_ROLES.administration);
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" />
      <AdminNav />
      <div className="grid gap-8 md:grid-cols-[2fr_1fr]">
        <DataTable columns={["Name", "Email", "Role", "Status"]}>
            {users.map((user) => (
              <Row key={user.id}>
                <td className="p-2">{user.name}</td>
                <td className="p-2">{user.email}</td>
                <td className="p-2">{user.role}</td>
                <td className="p-2">{user.active ? "active" : "deactivated"}</td>
              </Row>
            ))}
        </DataTable>
        <section>
          <h2 className="mb-3 text-lg font-semibold">New user</h2>
          <CreateUserForm action={createUserAction} />
        </section>
      </div>
    </>
  );
}
