import { describe, expect, it, vi } from "vitest";
import { CONFIG_TTL_MS, ConfigCache } from "../../src/app/config-cache.js";
import { DEFAULT_CONFIG } from "../../src/config-schema.js";

/** A cache on a clock the test moves by hand. */
function setup(ttlMs?: number) {
  const clock = { now: 1_000_000 };
  const cache = ttlMs === undefined ? new ConfigCache(() => clock.now) : new ConfigCache(() => clock.now, ttlMs);
  return { clock, cache };
}

const loader = (value: unknown = { doneWhen: "reported" }) => vi.fn(async () => value);

describe("ConfigCache: caching", () => {
  it("a second get within the TTL does not load again", async () => {
    const { clock, cache } = setup();
    const load = loader();
    const first = await cache.get(1, "owner", "repo", load);
    clock.now += CONFIG_TTL_MS - 1;
    const second = await cache.get(1, "owner", "repo", load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(second.config.doneWhen).toBe("reported");
  });

  it("loads again once the TTL has passed", async () => {
    const { clock, cache } = setup();
    const load = loader();
    await cache.get(1, "owner", "repo", load);
    clock.now += CONFIG_TTL_MS;
    await cache.get(1, "owner", "repo", load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("the TTL counts from the last load, not the first", async () => {
    const { clock, cache } = setup(1000);
    const load = loader();
    await cache.get(1, "owner", "repo", load); // t0: load
    clock.now += 1000;
    await cache.get(1, "owner", "repo", load); // t0+1000: load
    clock.now += 999;
    await cache.get(1, "owner", "repo", load); // t0+1999: cached
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("honours a custom TTL", async () => {
    const { clock, cache } = setup(10);
    const load = loader();
    await cache.get(1, "owner", "repo", load);
    clock.now += 9;
    await cache.get(1, "owner", "repo", load);
    expect(load).toHaveBeenCalledTimes(1);
    clock.now += 1;
    await cache.get(1, "owner", "repo", load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it.each<[string, [number, string, string], boolean]>([
    ["the same repository in another case shares the entry", [1, "OWNER", "Repo"], true],
    ["another repository has its own entry", [1, "owner", "other"], false],
    ["another owner has its own entry", [1, "someone", "repo"], false],
    ["another installation has its own entry", [2, "owner", "repo"], false],
  ])("%s", async (_name, [installation, owner, repo], shared) => {
    const { cache } = setup();
    const load = loader();
    await cache.get(1, "owner", "repo", load);
    await cache.get(installation, owner, repo, load);
    expect(load).toHaveBeenCalledTimes(shared ? 1 : 2);
  });
});

describe("ConfigCache: invalidation", () => {
  it("invalidate drops one repository's entry", async () => {
    const { cache } = setup();
    const load = loader();
    await cache.get(1, "owner", "repo", load);
    await cache.get(1, "owner", "other", load);
    cache.invalidate(1, "Owner", "REPO");
    await cache.get(1, "owner", "repo", load);
    await cache.get(1, "owner", "other", load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("invalidateOwner drops every repository of that owner, and only those", async () => {
    const { cache } = setup();
    const loads = new Map<string, number>();
    const get = (installation: number, owner: string, repo: string) =>
      cache.get(installation, owner, repo, async () => {
        const k = `${installation}:${owner}/${repo}`;
        loads.set(k, (loads.get(k) ?? 0) + 1);
        return null;
      });
    const all: Array<[number, string, string]> = [
      [1, "acme", "api"],
      [1, "acme", "web"],
      [1, "acme-labs", "api"], // an owner whose name starts with the other's
      [1, "other", "api"],
      [2, "acme", "api"], // the same owner under another installation
    ];
    for (const [i, o, r] of all) await get(i, o, r);
    cache.invalidateOwner(1, "ACME");
    for (const [i, o, r] of all) await get(i, o, r);
    expect(Object.fromEntries(loads)).toEqual({
      "1:acme/api": 2,
      "1:acme/web": 2,
      "1:acme-labs/api": 1,
      "1:other/api": 1,
      "2:acme/api": 1,
    });
  });
});

describe("ConfigCache: what is loaded", () => {
  it("no file: the defaults, no problems", async () => {
    const { cache } = setup();
    expect(await cache.get(1, "o", "r", loader(null))).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it("an invalid file: the defaults and the file's problems (cached like any result)", async () => {
    const { cache } = setup();
    const load = loader({ doneWhen: "sometimes" });
    const out = await cache.get(1, "o", "r", load);
    expect(out.config).toBe(DEFAULT_CONFIG);
    expect(out.problems.map((p) => p.key)).toEqual(["doneWhen"]);
    await cache.get(1, "o", "r", load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it.each<[string, unknown]>([
    ["a 500", Object.assign(new Error("Server Error"), { status: 500 })],
    ["a 403 rate limit", Object.assign(new Error("API rate limit exceeded"), { status: 403 })],
    ["a 404 from an unreadable _extends", Object.assign(new Error("Not Found"), { status: 404 })],
  ])("a GitHub error (%s) is rethrown, not cached", async (_name, error) => {
    const { cache } = setup();
    const failing = vi.fn(async () => {
      throw error;
    });
    await expect(cache.get(1, "o", "r", failing)).rejects.toBe(error);
    const load = loader();
    expect((await cache.get(1, "o", "r", load)).config.doneWhen).toBe("reported");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it.each<[string, unknown, string]>([
    [
      "a YAML error from the loader",
      new Error("[probot/octokit-plugin-config] bad indentation of a mapping entry (3:9) from https://api.github.com/repos/o/r/contents/.github%2Fcoordinator.yml\n\n 1 | doneWhen: x\n 2 | labels:"),
      "Could not be read (bad indentation of a mapping entry (3:9)). Expected valid YAML with the keys of docs/configuration.md",
    ],
    ["an _extends loop", new Error("Recursion detected"), "Could not be read (Recursion detected). Expected valid YAML with the keys of docs/configuration.md"],
    ["an error whose status is not a number", Object.assign(new Error("weird"), { status: "500" }), "Could not be read (weird). Expected valid YAML with the keys of docs/configuration.md"],
    ["an error with no message", new Error(""), "Could not be read (unreadable). Expected valid YAML with the keys of docs/configuration.md"],
    ["something that is not an Error", "boom", "Could not be read (unreadable). Expected valid YAML with the keys of docs/configuration.md"],
  ])("%s becomes a (file) problem with the defaults", async (_name, error, message) => {
    const { cache } = setup();
    const failing = vi.fn(async () => {
      throw error;
    });
    const out = await cache.get(1, "o", "r", failing);
    expect(out).toEqual({ config: DEFAULT_CONFIG, problems: [{ key: "(file)", message }] });
    // The user's file is the problem: no point asking again before the TTL or a push.
    await cache.get(1, "o", "r", failing);
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it("the problem never echoes the URL or more than 200 characters of the message", async () => {
    const { cache } = setup();
    const long = `${"x".repeat(500)} from https://api.github.com/secret-path`;
    const out = await cache.get(1, "o", "r", async () => {
      throw new Error(long);
    });
    const message = out.problems[0]?.message ?? "";
    expect(message).not.toContain("https://");
    expect(message).toContain(`(${"x".repeat(200)})`);
    expect(message).not.toContain("x".repeat(201));
  });
});
