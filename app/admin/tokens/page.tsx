import { DataTable, Row } from "@/components/data-table";
import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { createTokenAction, revokeTokenAction } from "@/features/admin/actions";
import { AdminNav } from "@/features/admin/admin-nav";
import { CreateTokenForm, RevokeTokenButton } from "@/features/admin/forms";
import { listApiTokens } from "@/features/users/service";

export const metadata: Metadata = { title: "API tokens" };

export default async function AdminTokensPage() {
  await requireRole(AREA_ROLES.administration);
  const tokens = await listApiTokens();
  return (
    <>
      <PageHeader title="API tokens">
        A token acts with its owner&apos;s role over <code>/api/v1</code>. It is shown once, stored hashed, and can be revoked.
      </PageHeader>
      <AdminNav />
      <div className="grid gap-8 md:grid-cols-[2fr_1fr]">
        {tokens.length === 0 ? (
          <EmptyState>No API tokens yet.</EmptyState>
        ) : (
          <DataTable label="API tokens" columns={["Token", "Owner", "Label", "Last used", { label: "Revoke", hiddenLabel: true }]}>
              {tokens.map((token) => (
                <Row key={token.id} top>
                  <td className="p-2 font-mono">{token.prefix}…</td>
                  <td className="p-2">
                    {token.user.email} ({token.user.role})
                  </td>
                  <td className="p-2">{token.label}</td>
                  <td className="p-2">{token.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "never"}</td>
                  <td className="p-2">
                    {token.revokedAt ? "revoked" : <RevokeTokenButton action={revokeTokenAction} id={token.id} prefix={token.prefix} owner={token.user.email} />}
                  </td>
                </Row>
              ))}
          </DataTable>
        )}
        <section>
          <h2 className="mb-3 text-lg font-semibold">New token</h2>
          <CreateTokenForm action={createTokenAction} />
        </section>
      </div>
    </>
  );
}
