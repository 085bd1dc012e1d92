import { describe, expect, it } from "vitest";
import { KeyedQueue, type Timers } from "../../src/queue/keyed-queue.js";

/** Timers the test fires by hand: a retry runs only when the test says so. */
class ManualTimers implements Timers {
  pending: Array<{ fn: () => void; ms: number }> = [];
  setTimeout(fn: () => void, ms: number): unknown {
    this.pending.push({ fn, ms });
    return this.pending.length;
  }
  fire(): void {
    const list = this.pending;
    this.pending = [];
    list.forEach((t) => t.fn());
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("KeyedQueue", () => {
  it("runs work for one key one at a time and folds a burst into a single next run", async () => {
    const runs: number[][] = [];
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    const queue = new KeyedQueue<number[]>({
      run: async (_key, work) => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs.push(work);
        if (runs.length === 1) await gate.promise;
        active--;
      },
      merge: (a, b) => [...a, ...b],
      onError: () => ({ delayMs: null }),
    });
    queue.push("k", [1]);
    for (let i = 2; i <= 60; i++) queue.push("k", [i]);
    gate.resolve();
    await queue.idle();
    expect(runs.length).toBe(2);
    expect(runs[0]).toEqual([1]);
    expect(runs[1]).toHaveLength(59);
    expect(maxActive).toBe(1);
  });

  it("runs different keys independently", async () => {
    const seen: string[] = [];
    const queue = new KeyedQueue<string>({
      run: async (key, work) => void seen.push(`${key}:${work}`),
      merge: (_a, b) => b,
      onError: () => ({ delayMs: null }),
    });
    queue.push("a", "1");
    queue.push("b", "2");
    await queue.idle();
    expect(seen.sort()).toEqual(["a:1", "b:2"]);
  });

  it("retries failed work after the delay it is given, merged with what arrived meanwhile", async () => {
    const timers = new ManualTimers();
    const runs: string[][] = [];
    const attempts: number[] = [];
    const queue = new KeyedQueue<string[]>({
      run: async (_key, work) => {
        runs.push(work);
        if (runs.length === 1) throw new Error("502");
      },
      merge: (a, b) => [...a, ...b],
      onError: (_key, _work, _error, attempt) => {
        attempts.push(attempt);
        return { delayMs: 5000 };
      },
      timers,
    });
    queue.push("k", ["a"]);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(timers.pending.map((t) => t.ms)).toEqual([5000]);
    // Work arriving during the wait joins it and does not jump the wait.
    queue.push("k", ["b"]);
    expect(runs).toHaveLength(1);
    timers.fire();
    await queue.idle();
    expect(runs).toEqual([["a"], ["a", "b"]]);
    expect(attempts).toEqual([1]);
  });

  it("drops work when told to, and is idle afterwards", async () => {
    let runs = 0;
    const queue = new KeyedQueue<string>({
      run: async () => {
        runs++;
        throw new Error("boom");
      },
      merge: (_a, b) => b,
      onError: (_k, _w, _e, attempt) => ({ delayMs: attempt < 3 ? 0 : null }),
    });
    queue.push("k", "x");
    await queue.idle();
    expect(runs).toBe(3);
    expect(queue.size).toBe(0);
  });
});

describe("KeyedQueue: depth, waiting time and close", () => {
  it("reports how many keys wait and how long the oldest has waited; a retry's wait is not a stuck queue", async () => {
    let now = 1_000;
    const timers: Array<() => void> = [];
    let release: () => void = () => {};
    const queue = new KeyedQueue<number>(
      {
        run: (key) => (key === "slow" ? new Promise<void>((r) => (release = r)) : Promise.reject(new Error("GitHub 502"))),
        merge: (_a, b) => b,
        onError: () => ({ delayMs: 60_000 }),
        timers: { setTimeout: (fn) => timers.push(fn) },
      },
      () => now,
    );
    queue.push("slow", 1);
    queue.push("slow", 2);
    now = 5_000;
    expect(queue.depth).toBe(1);
    expect(queue.oldestWait(now)).toBe(4_000);
    queue.push("failing", 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(timers).toHaveLength(1);
    expect(queue.oldestWait(now, true)).toBe(4_000);
    release();
  });

  it("close(): the run in flight finishes, nothing queued starts, waiting retries are dropped", async () => {
    const ran: number[] = [];
    let release: () => void = () => {};
    const queue = new KeyedQueue<number>({
      run: async (_key, work) => {
        ran.push(work);
        if (work === 1) await new Promise<void>((r) => (release = r));
      },
      merge: (_a, b) => b,
      onError: () => ({ delayMs: null }),
    });
    queue.push("a", 1);
    queue.push("a", 2);
    queue.push("b", 3);
    const closed = queue.close();
    let done = false;
    void closed.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await closed;
    expect(ran).toEqual([1, 3]);
    queue.push("c", 4);
    await Promise.resolve();
    expect(ran).toEqual([1, 3]);
  });

  it("retries what onError hands back instead of the failed work (what a run left to do), merged with what arrived", async () => {
    const timers = new ManualTimers();
    const runs: string[][] = [];
    const queue = new KeyedQueue<string[]>({
      run: async (_key, work) => {
        runs.push(work);
        if (runs.length === 1) throw new Error("budget");
      },
      merge: (a, b) => [...a, ...b],
      onError: () => ({ delayMs: 1000, work: ["rest"] }),
      timers,
    });
    queue.push("k", ["a", "b", "rest"]);
    await queue.settled();
    expect(timers.pending.map((t) => t.ms)).toEqual([1000]);
    queue.push("k", ["c"]);
    timers.fire();
    await queue.idle();
    expect(runs).toEqual([["a", "b", "rest"], ["rest", "c"]]);
  });

  it("settled(): resolves when nothing runs or is ready to run, while retries wait on their timers", async () => {
    const timers = new ManualTimers();
    const gate = deferred();
    let runs = 0;
    const queue = new KeyedQueue<number>({
      run: async (key) => {
        runs++;
        if (key === "slow") await gate.promise;
        if (key === "fail" && runs < 3) throw new Error("later");
      },
      merge: (_a, b) => b,
      onError: () => ({ delayMs: 60_000 }),
      timers,
    });
    await queue.settled();
    queue.push("fail", 1);
    queue.push("slow", 1);
    let settled = false;
    const waiting = queue.settled().then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    gate.resolve();
    await waiting;
    // The failed key waits on its timer: settled, but not idle.
    expect(timers.pending).toHaveLength(1);
    expect(queue.size).toBe(1);
    timers.fire();
    await queue.settled();
    expect(queue.size).toBe(0);
  });

  it("an interruptible wait gives way to new work at once (merged with it); its old timer then does nothing", async () => {
    const timers = new ManualTimers();
    const runs: string[][] = [];
    const queue = new KeyedQueue<string[]>({
      run: async (_key, work) => {
        runs.push(work);
        if (runs.length === 1) throw new Error("budget");
      },
      merge: (a, b) => [...a, ...b],
      onError: () => ({ delayMs: 60_000, work: ["left"], interruptible: true }),
      timers,
    });
    queue.push("k", ["a"]);
    await queue.settled();
    queue.push("k", ["b"]);
    await queue.idle();
    expect(runs).toEqual([["a"], ["left", "b"]]);
    // ManualTimers cannot clear: the stale timer fires and runs nothing.
    timers.fire();
    await queue.settled();
    expect(runs).toHaveLength(2);
  });
});

