// Replicas for `npm run bench -- replicas` (issue 12): the built app (`node dist/main.js`) as one
// process in memory, as 1 replica on Redis and as 3 replicas on one Redis, each against a
// simulated GitHub answering every request after 100 ms. 6 coordinations of 10 issues with 10
// workers each, in one installation and then in six (one each); 300 reports delivered round-robin
// (30 in flight), each delivery also redelivered to the next replica. Deliveries per second: deliveries sent / seconds from the first send until
// every report is on its dashboard. Requests per delivery: GitHub requests in that time / deliveries.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseState } from "../src/domain/dashboard.js";
import { GitHubWorld } from "../test/fakes/github-world.js";
import { installation, issuePayload, repository, ROOT, startApp, startGitHub, type RunningApp } from "../test/helpers/e2e.js";
import { dropPrefix } from "../test/helpers/redis-keys.js";

const COORDINATIONS = 6;
const ISSUES = 10;
const WORKERS = 10;
const REPORTS = 300;
const IN_FLIGHT = 30;
const LATENCY_MS = 100;

interface Figures {
  label: string;
  deliveries: number;
  seconds: number;
  requests: number;
}

function world(): GitHubWorld {
  const w = new GitHubWorld();
  for (let c = 0; c < COORDINATIONS; c++) {
    const number = 100 * (c + 1);
    w.addIssue({ number, title: `Coordination ${c + 1}`, body: `# Plan ${c + 1}\n\n${Array.from({ length: ISSUES }, (_, i) => `- #${number + i + 1}`).join("\n")}\n`, labels: ["coordination"] });
    for (let i = 0; i < ISSUES; i++) w.addIssue({ number: number + i + 1, title: `Task ${c + 1}.${i + 1}` });
  }
  for (let k = 1; k <= COORDINATIONS * WORKERS; k++) w.permissions.set(`worker${k}`, "write");
  return w;
}

async function measure(label: string, replicas: number, redisUrl: string | null, installations: number): Promise<Figures> {
  const w = world();
  const shared = await startGitHub(w);
  const prefix = `coordinator-bench-${randomUUID().slice(0, 8)}`;
  const env = { SYNTHESIS_SCHEDULER: "off", LOG_LEVEL: "info", ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: prefix } : {}) };
  const apps: RunningApp[] = [];
  for (let i = 0; i < replicas; i++) apps.push(await startApp(w, env, shared));
  const expected = new Map<number, Map<string, string>>();
  let sent = 0;
  const deliver = async (i: number) => {
    const c = i % COORDINATIONS;
    const coordination = 100 * (c + 1);
    const worker = c * WORKERS + (Math.floor(i / COORDINATIONS) % WORKERS) + 1;
    const at = new Date(Date.parse("2026-12-01T08:00:00Z") + i * 1000).toISOString();
    const body = `## Worker ${worker} Report - Phase 1\n\n**Issue**: #${coordination + 1 + (i % ISSUES)}\n**Status**: 🔄 In Progress\n`;
    const comment = w.addComment(coordination, `worker${worker}`, body, at);
    const byWorker = expected.get(coordination) ?? new Map<string, string>();
    byWorker.set(String(worker), at);
    expected.set(coordination, byWorker);
    const payload = { action: "created", issue: issuePayload(w, coordination), comment: { id: comment.id, body, user: { login: `worker${worker}`, type: "User" }, author_association: "COLLABORATOR" }, repository: repository(), sender: { login: `worker${worker}`, type: "User" }, installation: { id: installation.id + (c % installations) } };
    await apps[i % replicas]!.post("issue_comment", payload, { delivery: `bench-${prefix}-${i}` });
    await apps[(i + 1) % replicas]!.post("issue_comment", payload, { delivery: `bench-${prefix}-${i}` });
    sent += 2;
  };
  const reflected = () =>
    [...expected].every(([coordination, byWorker]) => {
      const workers = new Map((parseState(w.issue(coordination).body)?.workers ?? []).map((x) => [x.id, x.lastReportAt]));
      return [...byWorker].every(([id, at]) => workers.get(id) === at);
    });
  // Warm: the installation token, the configuration and the first dashboards are not measured.
  await Promise.all(Array.from({ length: COORDINATIONS }, (_, i) => deliver(i)));
  await shared.github.until(reflected);
  shared.github.latencyMs = LATENCY_MS;
  sent = 0;
  const before = shared.github.requests.length;
  const start = performance.now();
  let next = COORDINATIONS;
  const end = COORDINATIONS + REPORTS;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < end) await deliver(next++);
    }),
  );
  await shared.github.until(reflected);
  const seconds = (performance.now() - start) / 1000;
  const figures = { label, deliveries: sent, seconds, requests: shared.github.requests.length - before };
  for (const app of apps) await app.stop();
  await shared.github.stop();
  if (redisUrl) await dropPrefix(redisUrl, prefix);
  return figures;
}

export async function benchReplicas(): Promise<string[]> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  // The replicas are the built app: build it as `npm start` would run it.
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  const rate = (f: Figures) => f.deliveries / f.seconds;
  const lines = [
    `replicas: ${REPORTS} reports (each delivered twice: ${2 * REPORTS} deliveries) to ${COORDINATIONS} coordinations, GitHub answering in ${LATENCY_MS} ms, ${IN_FLIGHT} in flight, Octokit's write pacing on (1 s between writes of one installation)`,
    "| installations | setup | deliveries/s | GitHub requests per delivery | seconds until every report is on its dashboard |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const installations of [1, COORDINATIONS]) {
    const runs = [await measure("1 process, in memory", 1, null, installations), await measure("1 replica on Redis", 1, url, installations), await measure("3 replicas on Redis", 3, url, installations)];
    lines.push(...runs.map((f) => `| ${installations} | ${f.label} | ${rate(f).toFixed(1)} | ${(f.requests / f.deliveries).toFixed(3)} | ${f.seconds.toFixed(1)} |`));
    const [, one, three] = runs;
    if (one && three) lines.push(`| ${installations} | 3 replicas / 1 replica | ${(rate(three) / rate(one)).toFixed(2)}× | ${(three.requests / three.deliveries / (one.requests / one.deliveries)).toFixed(2)}× | |`);
  }
  return lines;
}
