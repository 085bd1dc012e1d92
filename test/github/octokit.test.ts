import { describe, expect, it } from "vitest";
import { recoverBottleneck } from "../../src/github/octokit.js";

type Callback = (error: Error | null, replies: unknown) => void;

/** Bottleneck's IORedisConnection as far as the fix touches it: scripts answer through a callback. */
function connection(answer: Error | null) {
  let wrapped = 0;
  const c = {
    __scriptArgs__(name: string, id: string, args: unknown[], callback: Callback): unknown[] {
      wrapped += 1;
      callback(answer, "ok");
      return [name, id, ...args];
    },
  };
  return { c, calls: () => wrapped };
}

function answerAfterFix(error: Error | null): { error: Error | null; replies: unknown } {
  const { c } = connection(error);
  recoverBottleneck(c);
  let seen: { error: Error | null; replies: unknown } = { error: null, replies: null };
  c.__scriptArgs__("submit", "id", [1], (e, replies) => (seen = { error: e, replies }));
  return seen;
}

describe("recoverBottleneck", () => {
  it.each([
    ["ERR SETTINGS_KEY_NOT_FOUND", "SETTINGS_KEY_NOT_FOUND"],
    ["ERR UNKNOWN_CLIENT", "UNKNOWN_CLIENT"],
    ["SETTINGS_KEY_NOT_FOUND", "SETTINGS_KEY_NOT_FOUND"],
    ["ERR OVERWEIGHT", "ERR OVERWEIGHT"],
    ["ERR SETTINGS_KEY_NOT_FOUND and more", "ERR SETTINGS_KEY_NOT_FOUND and more"],
  ])("hands Bottleneck %j as %j", (message, expected) => {
    expect(answerAfterFix(new Error(message)).error?.message).toBe(expected);
  });

  it("passes answers through untouched", () => {
    expect(answerAfterFix(null)).toEqual({ error: null, replies: "ok" });
  });

  it("wraps a connection once, and leaves anything else alone", () => {
    const { c, calls } = connection(new Error("ERR UNKNOWN_CLIENT"));
    recoverBottleneck(c);
    recoverBottleneck(c);
    let message = "";
    c.__scriptArgs__("submit", "id", [], (e) => (message = e?.message ?? ""));
    expect(message).toBe("UNKNOWN_CLIENT");
    expect(calls()).toBe(1);
    expect(() => recoverBottleneck(undefined)).not.toThrow();
    expect(() => recoverBottleneck({})).not.toThrow();
  });
});
