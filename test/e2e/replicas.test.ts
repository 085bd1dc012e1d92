// Three replicas of the built app (`node dist/main.js`, REDIS_URL set) behind one webhook URL,
// against one simulated GitHub: deliveries spread round-robin, every delivery redelivered once to
// another replica, every replica's scheduler on a one-minute cron. Issue 12's tests of "behave as
// one process": with a replica killed by SIGKILL in the middle of the burst and started again; and
// with Redis itself restarted (without persistence) in the middle of it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { freePort, installation, issuePayload, repository, startApp, startGitHub, type RunningApp } from "../helpers/e2e.js";
import { describeRedis, dropPrefix, REDIS_URL, testPrefix } from "../helpers/redis.js";

const WORKERS = 60;
const TRACKED = 20;
const PLAN = "# Release 2.0\n\nThe orchestrator's plan: ship the importer first.\n\n" + Array.from({ length: TRACKED }, (_, i) => `- #${i + 2} part ${i + 1}`).join("\n") + "\n";
const EDITED = "# Release 2.0\n\nThe orchestrator's plan: ship the importer first, then the exporter.\n";
const BASE = Date.parse("2026-12-01T08:00:00Z");
const REDIS_SERVER = "/usr/bin/redis-server";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One coordination of 20 issues (#3 waits for #2), 60 workers, 3 replicas on one Redis. */
async function scenario(redisUrl: string) {
  const prefix = testPrefix();
  const world = new GitHubWorld();
  world.addIssue({ number: 1, title: "Coordination", body: PLAN, labels: ["coordination"] });
  for (let i = 0; i < TRACKED; i++) world.addIssue({ number: i + 2, title: `Part ${i + 1}`, body: i === 1 ? "Depends on #2\n" : "" });
  world.repoLabels.set("acme/app", ["coordination", "blocked", "ready"]);
  world.issue(3).labels.push("blocked");
  for (let w = 1; w <= WORKERS; w++) world.permissions.set(`worker${w}`, "write");
  world.permissions.set("lead", "admin");
  world.files.set("acme/app/.github/coordinator.yml", 'orchestrators: ["@lead"]\nsynthesis:\n  cron: "* * * * *"\n  timezone: UTC\n');
  const shared = await startGitHub(world);
  const env = { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, REDIS_LOCK_MS: "3000", SYNTHESIS_SCHEDULER: "on", SYNTHESIS_JITTER_MS: "0", LOG_LEVEL: "info" };
  const replicas: RunningApp[] = [];
  for (let i = 0; i < 3; i++) replicas.push(await startApp(world, env, shared));
  cleanups.push(async () => {
    for (const r of replicas) await r.stop();
    await shared.github.stop();
    if (redisUrl === REDIS_URL) await dropPrefix(prefix);
  });

  const latest = new Map<string, { issue: number; at: string }>();
  const statuses: number[] = [];
  const sent: Array<{ payload: unknown; id: string }> = [];
  const malformed = new Set([17, 101]);
  const botComments = (number: number) => world.issue(number).comments.filter((c) => c.author === BOT_LOGIN);

  /** Delivers as GitHub does, to one replica; a replica that is down fails the delivery (status 0). */
  const deliver = async (to: number, event: string, payload: unknown, delivery: string): Promise<number> => {
    const replica = replicas[to % replicas.length]!;
    if (replica.child.exitCode !== null || replica.child.signalCode !== null) return 0;
    return replica.post(event, payload, { delivery }).catch(() => 0);
  };
  /** Report i is written (on GitHub) and delivered to one replica, then redelivered to another. */
  const report = async (i: number) => {
    const w = (i % WORKERS) + 1;
    const issue = 2 + (i % TRACKED);
    const at = new Date(BASE + i * 1000).toISOString();
    // Two workers get their template wrong once: each is owed exactly one reply.
    const body = malformed.has(i) ? `## Worker ${w} Report - Phase 1\n\n**Status**: somewhere\n` : `## Worker ${w} Report - Phase 1\n\n**Issue**: #${issue}\n**Status**: 🔄 In Progress\n`;
    const comment = world.addComment(1, `worker${w}`, body, at);
    if (!malformed.has(i)) latest.set(String(w), { issue, at });
    const payload = { action: "created", issue: issuePayload(world, 1), comment: { id: comment.id, body, user: { login: `worker${w}`, type: "User" }, author_association: "COLLABORATOR" }, repository: repository(), sender: { login: `worker${w}`, type: "User" }, installation };
    sent.push({ payload, id: `report-${i}` });
    const first = await deliver(i, "issue_comment", payload, `report-${i}`);
    const again = await deliver(i + 1, "issue_comment", payload, `report-${i}`);
    statuses.push(first, again);
    return [first, again];
  };
  const reflected = () => {
    const byId = new Map((parseState(world.issue(1).body)?.workers ?? []).map((w) => [w.id, w]));
    return [...latest].every(([id, r]) => byId.get(id)?.lastReportAt === r.at && byId.get(id)?.issue === `acme/app#${r.issue}`);
  };
  const bodyWrites = () => shared.github.requests.filter((r) => r.method === "PATCH" && r.path === "/repos/acme/app/issues/1").length;
  /** Reports [from, to) at once; `midway` after the first half; resolves when all are on the dashboard, with the body writes it cost. */
  const burst = async (from: number, to: number, midway?: () => Promise<void>) => {
    const before = bodyWrites();
    const half = Math.floor((from + to) / 2);
    await Promise.all(Array.from({ length: half - from }, (_, k) => report(from + k)));
    await midway?.();
    await Promise.all(Array.from({ length: to - half }, (_, k) => report(half + k)));
    await shared.github.until(reflected);
    return bodyWrites() - before;
  };
  const editPlan = async () => {
    const previous = world.issue(1).body;
    world.issue(1).body = previous.replace("# Release 2.0\n\nThe orchestrator's plan: ship the importer first.\n", EDITED);
    await deliver(0, "issues", { action: "edited", issue: issuePayload(world, 1), changes: { body: { from: previous } }, repository: repository(), sender: { login: "lead", type: "User" }, installation }, "edit-1");
  };
  /** #2 is done: #3's last blocker, so #3 is owed exactly one notice. Delivered twice. */
  const closeBlocker = async () => {
    world.issue(2).state = "CLOSED";
    world.issue(2).stateReason = "COMPLETED";
    world.issue(2).closedAt = new Date(BASE + 300_000).toISOString();
    const closed = { action: "closed", issue: { ...issuePayload(world, 2), state: "closed" }, repository: repository(), sender: { login: "worker1", type: "User" }, installation };
    return [await deliver(2, "issues", closed, "close-2"), await deliver(0, "issues", closed, "close-2")];
  };
  /** The replies, the notice and the Team Status (the one-minute cron) have arrived. */
  const owedArrived = () =>
    shared.github.until(
      () =>
        botComments(1).filter((c) => c.body.includes("<!-- coordinator:reply:")).length === 2 &&
        botComments(3).some((c) => c.body.includes("<!-- coordinator:unblocked:")) &&
        botComments(1).some((c) => c.body.startsWith("<!-- coordinator:synthesis:")),
    );
  const commentCount = () => [...world.issues.values()].reduce((n, i) => n + i.comments.length, 0);
  /** 0 duplicated comments, 0 lost reports, no orchestrator text lost. */
  const expectOneProcess = () => {
    const markers = [...world.issues.values()].flatMap((i) => i.comments.filter((c) => c.author === BOT_LOGIN).map((c) => `#${i.number} ${/^<!-- coordinator:[^>]*-->/.exec(c.body)?.[0] ?? c.body.slice(0, 60)}`));
    expect(markers.length).toBe(new Set(markers).size);
    expect(botComments(1).filter((c) => c.body.includes("<!-- coordinator:reply:"))).toHaveLength(2);
    expect(botComments(1).filter((c) => c.body.startsWith("<!-- coordinator:synthesis:"))).toHaveLength(1);
    expect(botComments(3).filter((c) => c.body.includes("<!-- coordinator:unblocked:"))).toHaveLength(1);
    expect(parseState(world.issue(1).body)?.workers).toHaveLength(WORKERS);
    expect(reflected()).toBe(true);
    expect(world.issue(1).body.startsWith(EDITED)).toBe(true);
  };
  return { world, shared, replicas, env, deliver, report, burst, editPlan, closeBlocker, owedArrived, commentCount, expectOneProcess, sent, statuses };
}

describeRedis("three replicas on one Redis behave as one process", () => {
  it("200 reports from 60 workers, redelivered, a replica killed mid-burst: nothing lost, nothing doubled", async () => {
    const s = await scenario(REDIS_URL ?? "");
    const writes = [
      await s.burst(0, 50),
      // The orchestrator edits the plan in the middle of a burst.
      await s.burst(50, 100, s.editPlan),
      // A replica is killed mid-burst; the blocker of #3 closes.
      await s.burst(100, 150, async () => {
        await s.replicas[1]!.kill();
        await s.closeBlocker();
      }),
      // ... and the replica is started again.
      await s.burst(150, 200, async () => {
        s.replicas[1] = await startApp(s.world, s.env, s.shared);
      }),
    ];
    await s.owedArrived();
    // Deliveries that found the killed replica down are redelivered by hand, as from GitHub's UI:
    // each was taken once, and nothing already done is done again.
    const comments = s.commentCount();
    for (const d of s.sent) await s.deliver(2, "issue_comment", d.payload, d.id);
    await s.replicas[2]!.logged("redelivered webhook ignored");
    expect(s.commentCount()).toBe(comments);

    s.expectOneProcess();
    // At most 3 body writes per burst of 50 reports (and their 50 redeliveries).
    for (const n of writes) expect(n).toBeLessThanOrEqual(3);
    console.info(`replicas: body writes per burst ${writes.join(", ")}; ${s.shared.github.requests.length} GitHub requests in all`);
  }, 240_000);

  it.skipIf(!existsSync(REDIS_SERVER))("Redis restarted mid-burst (no persistence): webhooks answered 503 meanwhile, redelivered, nothing lost or doubled", async () => {
    // A Redis of its own, to restart without disturbing other tests.
    const port = await freePort();
    let redis: ChildProcess | null = null;
    const startRedis = async () => {
      const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve) => child.stdout?.on("data", (d: Buffer) => d.toString().includes("Ready to accept connections") && resolve()));
      redis = child;
    };
    const stopRedis = async () => {
      const child = redis;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    };
    await startRedis();
    cleanups.push(stopRedis);
    const s = await scenario(`redis://127.0.0.1:${port}`);

    await s.burst(0, 50);
    await s.burst(50, 100, s.editPlan);
    // Redis goes away in the middle of a burst: what is delivered meanwhile is refused (503), not lost silently.
    await stopRedis();
    const refused: number[] = [];
    for (let i = 100; i < 110; i++) refused.push(...(await s.report(i)));
    expect(refused).toEqual(refused.map(() => 503));
    // Redis is back, empty. The replicas reconnect and walk every coordination again.
    await startRedis();
    await s.replicas[0]!.logged("Redis is back");
    // GitHub's failed deliveries are redelivered (by hand or by a redelivery script), then the burst goes on.
    for (const d of s.sent.slice(100, 110)) await s.deliver(0, "issue_comment", d.payload, d.id);
    await s.burst(110, 200, async () => void (await s.closeBlocker()));
    await s.owedArrived();
    s.expectOneProcess();
  }, 240_000);
});
