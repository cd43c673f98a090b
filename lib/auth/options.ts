import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { clientAddressKey } from "./client-address";
import { authenticateWithPassword } from "./identity";
import { usesSecureCookies } from "./secure-cookies";
import { createSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { recordSignInSuccess } from "./sign-in-throttle";

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1) });

/** next-auth's options for one request: its cookies are Secure or not by how the request came. */
export function authOptionsFor(requestHeaders: Pick<Headers, "get">): NextAuthOptions {
  const { NEXTAUTH_URL, TRUST_PROXY } = env();
  return { ...sharedOptions, useSecureCookies: usesSecureCookies(requestHeaders, { publicUrl: NEXTAUTH_URL, trustProxy: TRUST_PROXY }) };
}

const sharedOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // The attempt was counted and the throttle checked before next-auth ran (lib/auth/auth-route.ts).
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await authenticateWithPassword(parsed.data.email, parsed.data.password);
        if (!user) return null;
        const headers = new Headers(request.headers as Record<string, string> | undefined);
        await recordSignInSuccess(parsed.data.email, clientAddressKey(headers.get("x-forwarded-for")));
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    // The token carries the user and the session id; the session must still
    // be unrevoked and the user active on every request (lib/auth/session.ts).
    async jwt({ token, user }) {
      // next-auth passes `user` only on sign-in, although its type says always.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (user) {
        token.sub = user.id;
        token.sid = await createSession(user.id);
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionId: token.sid };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token.sid === "string") await revokeSession(token.sid);
    },
  },
};
