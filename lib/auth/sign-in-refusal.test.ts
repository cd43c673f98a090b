import { describe, expect, it } from "vitest";
import { parseSignInRefusal, signInRefusalError, signInRefusalMessage } from "./sign-in-refusal";

describe("a throttled sign-in", () => {
  it("travels in next-auth's error parameter and comes back whole", () => {
    const error = signInRefusalError({ scope: "account", retryAfterSeconds: 125 });
    expect(error).toBe("TooManyAttempts:account:125");
    expect(parseSignInRefusal(new URL(`http://x/?error=${encodeURIComponent(error)}`).searchParams.get("error"))).toEqual({
      scope: "account",
      retryAfterSeconds: 125,
    });
    expect(parseSignInRefusal("CredentialsSignin")).toBeNull();
    expect(parseSignInRefusal(null)).toBeNull();
  });

  it("tells the user whose sign-ins are throttled and for how many minutes", () => {
    expect(signInRefusalMessage({ scope: "account", retryAfterSeconds: 125 })).toBe(
      "Too many failed sign-ins for this account; try again in 3 minutes.",
    );
    expect(signInRefusalMessage({ scope: "address", retryAfterSeconds: 20 })).toBe(
      "Too many failed sign-ins from your network address; try again in 1 minute.",
    );
  });
});
