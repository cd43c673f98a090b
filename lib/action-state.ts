/** What a form's server action reports back to the form (useActionState). */
export type ActionState<T = unknown> =
  | { ok: true; data: T; message: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> }
  | null;

export type FormActionFn<T> = (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
