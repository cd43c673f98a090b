import "server-only";
import { ZodError, type z } from "zod";
import { getCurrentUser, PASSWORD_CHANGE_DUE } from "@/lib/auth/session";
import type { ActionState } from "@/lib/action-state";
import { toErrorResponse } from "@/lib/api/error-response";
import { hasRole, type Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/auth/identity";
import { nulFieldErrors } from "@/lib/stored-text";

/**
 * Every server action goes through here: check the role on the server (a
 * user whose password was reset may run only the action that changes it),
 * validate the form with zod (no field may hold U+0000, which PostgreSQL
 * refuses), run, and turn errors into a message the form can show (with
 * per-field messages where zod or the service gave them).
 */
export function formAction<S extends z.ZodType, T>(
  options: {
    roles: readonly Role[];
    input: S;
    success: (data: T) => string;
    /** Runs for a user who must choose a new password (the action that does it). */
    whilePasswordChangeDue?: boolean;
  },
  run: (input: z.output<S>, user: SessionUser) => Promise<T>,
) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    try {
      // Inside the try: reading the session reads the database, which may be down.
      const user = await getCurrentUser();
      if (!user) return { ok: false, message: "Your session has ended; sign in again.", fieldErrors: {} };
      if (user.mustChangePassword && !options.whilePasswordChangeDue) return { ok: false, message: PASSWORD_CHANGE_DUE, fieldErrors: {} };
      if (!hasRole(user.role, options.roles)) {
        return { ok: false, message: "Your role does not allow this.", fieldErrors: {} };
      }
      const values = formValues(formData);
      const withNul = nulFieldErrors(values);
      if (Object.keys(withNul).length > 0) return { ok: false, message: "The form holds text that cannot be stored.", fieldErrors: withNul };
      const input = options.input.parse(values);
      const data = await run(input, user);
      return { ok: true, data, message: options.success(data) };
    } catch (error) {
      return refusal(error);
    }
  };
}

/**
 * A refused form: every problem at once. Each field gets all of its messages;
 * problems of no one field join the message; a form that failed validation
 * says so in words, not as an API would.
 */
function refusal(error: unknown): ActionState<never> {
  const { body } = toErrorResponse(error);
  const fieldErrors: Record<string, string> = {};
  const general: string[] = [];
  for (const detail of body.error.details) {
    if (!detail.field) general.push(detail.message);
    else fieldErrors[detail.field] = fieldErrors[detail.field] ? `${fieldErrors[detail.field]} ${detail.message}` : detail.message;
  }
  const fields = Object.keys(fieldErrors).length;
  const lead = !(error instanceof ZodError) ? [body.error.message] : fields === 0 ? [] : [fields === 1 ? "One field needs correcting (marked above)." : `${String(fields)} fields need correcting (marked above).`];
  const message = [...lead, ...general].join(" ");
  return { ok: false, message: message || body.error.message, fieldErrors };
}

/** A form's values; a field sent more than once (checkboxes) becomes a list. */
export function formValues(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const values: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}
