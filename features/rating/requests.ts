// The workspace's requests to the API, in the browser: a refusal read into
// words, and a POST that tells "no answer at all" apart from any answer.

/** A refusal's code (e.g. study_locked) and its message with the details. */
export async function readError(response: Response): Promise<{ code: string | null; message: string }> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: { field?: string; message: string }[] } } | null;
  const details = body?.error?.details?.map((d) => d.message).join(" ") ?? "";
  return { code: body?.error?.code ?? null, message: `${body?.error?.message ?? `The server answered ${response.status}.`} ${details}`.trim() };
}

export async function errorMessage(response: Response): Promise<string> {
  return (await readError(response)).message;
}

/** POST, or null when no answer came back at all (the server or the network is down). */
export async function post(url: string, body: unknown): Promise<Response | null> {
  try {
    return await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return null;
  }
}
