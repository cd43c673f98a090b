import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { chosenPhysician } from "./physicians";

const ID_A = "0190a000-0000-7000-8000-00000000000a";
const ID_B = "0190a000-0000-7000-8000-00000000000b";
const ID_C = "0190a000-0000-7000-8000-00000000000c";
const PHYSICIANS = [
  { id: ID_A, name: "Dr Lee", email: "lee.a@example.org" },
  { id: ID_B, name: "Dr Lee", email: "lee.b@example.org" },
  // A physician whose name is another's email: the email comes first.
  { id: ID_C, name: "lee.a@example.org", email: "c@example.org" },
];

const refusal = (given: string) => {
  try {
    chosenPhysician(PHYSICIANS, given);
  } catch (error) {
    return error instanceof AppError ? error.code : "other";
  }
  return "none";
};

describe("the physician `rater` names", () => {
  it("takes an id, then an email (any case), then a name", () => {
    expect(chosenPhysician(PHYSICIANS, ID_B).id).toBe(ID_B);
    expect(chosenPhysician(PHYSICIANS, "LEE.B@example.org").id).toBe(ID_B);
    expect(chosenPhysician(PHYSICIANS, "lee.a@example.org").id).toBe(ID_A);
    expect(chosenPhysician(PHYSICIANS, "c@example.org").id).toBe(ID_C);
  });

  it("refuses a name two physicians share (409) and one no physician of the study has (404)", () => {
    expect(refusal("Dr Lee")).toBe("conflict");
    expect(refusal("Dr Who")).toBe("not_found");
  });
});
