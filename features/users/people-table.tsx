"use client";

import { ConfirmedActionButton } from "@/components/confirm-dialog";
import { DataTable, Row } from "@/components/data-table";
import { Role } from "@/lib/db/generated/enums";
import { resetPasswordAction, setActiveAction, setRoleAction } from "./actions";
import type { Person } from "./people";

/** Everyone, with a role change, deactivation or reactivation, and a password reset, each asked before it runs. */
export function PeopleTable({ people, currentUserId }: { people: Person[]; currentUserId: string }) {
  return (
    <DataTable columns={["Name", "Email", "Role", "Status", "Actions"]} label="Users">
      {people.map((person) => (
        <Row key={person.id} top>
          <td className="p-2">
            {person.name}
            {person.id === currentUserId && <span className="ml-1 text-xs text-slate-600">(you)</span>}
          </td>
          <td className="p-2">{person.email}</td>
          <td className="p-2">{person.role}</td>
          <td className="p-2">{person.active ? "active" : "deactivated"}</td>
          <td className="p-2">
            <div className="flex flex-wrap gap-2">
              <RoleButton person={person} />
              <ActiveButton person={person} />
              <ResetPasswordButton person={person} />
            </div>
          </td>
        </Row>
      ))}
    </DataTable>
  );
}

function RoleButton({ person }: { person: Person }) {
  return (
    <ConfirmedActionButton
      action={setRoleAction}
      label="Change role"
      title={`Change the role of ${person.email}`}
      description={<>What they may see and do changes on their next request. Their ratings stay.</>}
      confirmLabel="Change role"
      fields={{ id: person.id }}
    >
      <label className="block text-sm">
        <span className="font-medium text-slate-700">New role</span>
        <select name="role" defaultValue={person.role} className="mt-1 block w-full rounded border border-slate-300 px-3 py-2">
          {Object.values(Role).map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </label>
    </ConfirmedActionButton>
  );
}

function ActiveButton({ person }: { person: Person }) {
  return person.active ? (
    <ConfirmedActionButton
      action={setActiveAction}
      label="Deactivate"
      title={`Deactivate ${person.email}?`}
      description={<>They can no longer sign in, and their open sessions and API tokens are refused from their next request. Their ratings stay. You can reactivate them later.</>}
      confirmLabel="Deactivate"
      fields={{ id: person.id, active: "false" }}
    />
  ) : (
    <ConfirmedActionButton
      action={setActiveAction}
      label="Reactivate"
      title={`Reactivate ${person.email}?`}
      description={<>They can sign in again, and their unexpired sessions and unrevoked API tokens work again.</>}
      confirmLabel="Reactivate"
      fields={{ id: person.id, active: "true" }}
    />
  );
}

function ResetPasswordButton({ person }: { person: Person }) {
  return (
    <ConfirmedActionButton
      action={resetPasswordAction}
      label="Reset password"
      title={`Reset the password of ${person.email}?`}
      description={
        <>
          Their password stops working and they are signed out. You get a temporary password, shown once, to give them; at their next sign-in
          they must choose a new one. Their API tokens keep working.
        </>
      }
      confirmLabel="Reset password"
      fields={{ id: person.id }}
      renderSuccess={({ message, data }) => (
        <div>
          <p>{message}</p>
          <code data-testid="temporary-password" className="mt-1 block rounded bg-slate-100 p-2 font-mono text-slate-900">
            {data.temporaryPassword}
          </code>
        </div>
      )}
    />
  );
}
