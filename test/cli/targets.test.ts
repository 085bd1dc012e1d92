import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { readIssue, readRelativeIssue, readRepo } from "../../src/cli/targets.js";

describe("targets", () => {
  it("reads a coordination as owner/repo#N or an issue URL, and nothing shorter", () => {
    expect(readIssue("acme/app#977")).toEqual({ owner: "acme", repo: "app", number: 977 });
    expect(readIssue("https://github.com/acme/app/issues/977")).toEqual({ owner: "acme", repo: "app", number: 977 });
    for (const bad of ["#977", "977", "acme/app", "acme/app#977-979", "acme/app#0"]) expect(() => readIssue(bad), bad).toThrow(UsageError);
    expect(() => readIssue(undefined)).toThrow("the coordination is missing");
  });

  it("reads an issue relative to the coordination's repository", () => {
    const home = { owner: "acme", repo: "app" };
    expect(readRelativeIssue("#12", home)).toEqual({ owner: "acme", repo: "app", number: 12 });
    expect(readRelativeIssue("12", home)).toEqual({ owner: "acme", repo: "app", number: 12 });
    expect(readRelativeIssue("other/lib#3", home)).toEqual({ owner: "other", repo: "lib", number: 3 });
    expect(() => readRelativeIssue("twelve", home)).toThrow(UsageError);
  });

  it("reads a repository", () => {
    expect(readRepo("acme/app")).toEqual({ owner: "acme", repo: "app" });
    expect(() => readRepo("acme")).toThrow(UsageError);
  });
});
