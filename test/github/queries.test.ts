// Our GraphQL documents must be ones GitHub's schema accepts: checked with GitHub's published
// schema (the SDL of @octokit/graphql-schema; its JSON form predates sub-issues).
import { readFileSync } from "node:fs";
import { parse, validate as validateDocument } from "graphql";
import { describe, expect, it } from "vitest";
import { githubSchema } from "../fakes/github-world.js";

const validate = (query: string) => validateDocument(githubSchema(), parse(query));
import { coordinationQuery, issuesQuery, labelIdsQuery, partsQuery, swapLabelsMutation } from "../../src/github/queries.js";

const ref = (owner: string, repo: string, number: number) => ({ owner, repo, number });

describe("GraphQL documents", () => {
  it.each([
    ["a coordination alone", coordinationQuery(ref("acme", "app", 977), [], [])],
    [
      "a coordination with issues in two repositories, a touched issue and two logins",
      coordinationQuery(
        ref("acme", "app", 977),
        [
          { alias: "i0", ref: ref("acme", "app", 972), comments: 100 },
          { alias: "i1", ref: ref("acme", "app", 973), comments: 0 },
          { alias: "i2", ref: ref("other", "lib", 5), comments: 0 },
        ],
        ["worker3", "dana"],
      ),
    ],
    ["a coordination with the label ids a swap needs", coordinationQuery(ref("acme", "app", 977), [], ["dana"], ["blocked", "ready"])],
    ["label ids of another repository", labelIdsQuery("other", "lib", ["blocked", "ready"])],
    ["a label swap", swapLabelsMutation("I_1", ["LA_1"], ["LA_2"])],
    ["a label swap that only adds", swapLabelsMutation("I_1", ["LA_1"], [])],
    ["issues only", issuesQuery([{ alias: "i0", ref: ref("acme", "app", 1), comments: 0 }])],
    ["issues with comments", issuesQuery([{ alias: "i0", ref: ref("acme", "app", 1), comments: 100 }])],
    ["a coordination with the state comments its block listed", coordinationQuery(ref("acme", "app", 977), [{ alias: "i0", ref: ref("acme", "app", 972), comments: 0 }], [], [], ["IC_1", "IC_2"])],
    ["state comments alone", partsQuery(["IC_1"])],
  ])("%s validates against GitHub's schema", (_name, built) => {
    expect(validate(built.query).map((e) => e.message)).toEqual([]);
  });

  it("passes label names and ids as variables, never inlined", () => {
    const ids = labelIdsQuery("o", "r", ['bad" }']);
    expect(ids.query).not.toContain('bad"');
    expect(ids.variables).toMatchObject({ l0: 'bad" }' });
    const swap = swapLabelsMutation('I_"x', ['L_"a'], ['L_"b']);
    expect(swap.query).not.toContain('"x');
    expect(swap.variables).toEqual({ issue: 'I_"x', add: ['L_"a'], remove: ['L_"b'] });
  });

  it("docs/examples/state.graphql, the request docs/state.md gives agents, validates against GitHub's schema", () => {
    const query = readFileSync(new URL("../../docs/examples/state.graphql", import.meta.url), "utf8");
    expect(validate(query).map((e) => e.message)).toEqual([]);
  });

  it("passes state comments' node ids as a variable, never inlined", () => {
    const built = coordinationQuery(ref("acme", "app", 977), [], [], [], ['IC_"x']);
    expect(built.query).not.toContain('IC_"x');
    expect(built.variables.parts).toEqual(['IC_"x']);
  });

  it("passes owners, names and logins as variables, never inlined", () => {
    const built = coordinationQuery(ref("ac\"me", "app", 977), [{ alias: "i0", ref: ref("x\"y", "z", 1), comments: 0 }], ["evil\" }"]);
    expect(built.query).not.toContain('ac"me');
    expect(built.query).not.toContain('evil"');
    expect(Object.values(built.variables)).toEqual(expect.arrayContaining(['ac"me', 'x"y', 'evil" }']));
  });
});
