import { describe, expect, it } from "vitest";
import { leadingList, MAX_LIST, tokenize, trailingList } from "../../src/domain/reference-spans.js";

const CTX = { owner: "acme", repo: "app" };
const numbers = (refs: { number: number }[]) => refs.map((r) => r.number);

describe("tokenize", () => {
  it("reads references and arrows in order, as GitHub links them", () => {
    const line = "#1, acme/app#2 and https://github.com/acme/app/issues/3 → #4-6";
    const spans = tokenize(line, CTX);
    expect(spans.map((s) => s.kind)).toEqual(["ref", "ref", "ref", "arrow", "ref"]);
    expect(spans.map((s) => numbers(s.refs))).toEqual([[1], [2], [3], [], [4, 5, 6]]);
  });

  it.each(["a#1", "&#1;", "#1abc", "`no refs here`", "x -> y"])("finds no reference in %j", (line) => {
    expect(tokenize(line, CTX).filter((s) => s.kind === "ref")).toEqual([]);
  });
});

describe("lists on either side", () => {
  const line = "#1, #2 and #3 → #4 + #5 (a note) #6 then #7";
  const spans = tokenize(line, CTX);
  const arrow = spans.findIndex((s) => s.kind === "arrow");
  const at = spans[arrow];

  it("takes the references joined by separators, and stops at other text", () => {
    expect(numbers(trailingList(line, spans, arrow - 1, at?.start ?? 0, /^\s*$/))).toEqual([1, 2, 3]);
    expect(numbers(leadingList(line, spans, arrow + 1, at?.end ?? 0, /^\s*$/))).toEqual([4, 5, 6]);
  });

  it("keeps at most MAX_LIST references", () => {
    const many = Array.from({ length: MAX_LIST + 10 }, (_, i) => `#${i + 1}`).join(", ");
    const long = tokenize(`${many} → #999`, CTX);
    const k = long.findIndex((s) => s.kind === "arrow");
    expect(trailingList(`${many} → #999`, long, k - 1, long[k]?.start ?? 0, /^\s*$/)).toHaveLength(MAX_LIST);
  });
});
