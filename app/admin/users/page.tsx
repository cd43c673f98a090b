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
        <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th className="p-2">Name</th>
              <th className="p-2">Email</th>
              <th className="p-2">Role</th>
              <th className="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-t border-slate-200">
                <td className="p-2">{user.name}</td>
                <td className="p-2">{user.email}</td>
                <td className="p-2">{user.role}</td>
                <td className="p-2">{user.active ? "active" : "deactivated"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <section>
          <h2 className="mb-3 text-lg font-semibold">New user</h2>
          <CreateUserForm action={createUserAction} />
        </section>
      </div>
    </>
  );
}
