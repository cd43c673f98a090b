import { TabNav } from "@/components/tab-nav";

export function AdminNav() {
  return (
    <TabNav
      label="Administration"
      links={[
        { href: "/admin", label: "Studies" },
        { href: "/admin/users", label: "Users" },
        { href: "/admin/tokens", label: "API tokens" },
        { href: "/admin/audit", label: "Audit log" },
      ]}
    />
  );
}
