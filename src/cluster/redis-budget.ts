// The installation's content-write budget shared by every replica: the same windows and shares as
// WriteBudget (queue/write-budget.ts), kept as one sorted set of write times per installation and
// decided atomically in Redis by a short script, so two replicas cannot both take the last write.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { BACKGROUND_LIMITS, COURTESY_LIMITS, GITHUB_CONTENT_LIMITS, type BudgetLimits, type ContentBudget } from "../queue/write-budget.js";

// KEYS[1]: the installation's writes; KEYS[2]: its courtesy writes (or the same key when unused).
// ARGV: now, member, perMinute, perHour, courtesy (1/0), courtesyPerMinute, courtesyPerHour.
// Returns { 0 (one write taken, at `now`) or the milliseconds until one more fits, or -1: courtesy
// spent; then the installation's writes in the last minute and hour } (the last two for metrics).
const TAKE = `
local function wait(key, now, perMinute, perHour)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 3600000)
  local inHour = redis.call('ZCARD', key)
  if inHour >= perHour then
    local t = redis.call('ZRANGE', key, inHour - perHour, inHour - perHour, 'WITHSCORES')
    return tonumber(t[2]) + 3600000 - now
  end
  local inMinute = redis.call('ZCOUNT', key, '(' .. (now - 60000), '+inf')
  if inMinute >= perMinute then
    local t = redis.call('ZRANGEBYSCORE', key, '(' .. (now - 60000), '+inf', 'WITHSCORES', 'LIMIT', inMinute - perMinute, 1)
    return tonumber(t[2]) + 60000 - now
  end
  return 0
end
local function take(now)
  if ARGV[5] == '1' and wait(KEYS[2], now, tonumber(ARGV[6]), tonumber(ARGV[7])) > 0 then return -1 end
  local w = wait(KEYS[1], now, tonumber(ARGV[3]), tonumber(ARGV[4]))
  if w > 0 then return w end
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], 3600000)
  if ARGV[5] == '1' then
    redis.call('ZADD', KEYS[2], now, ARGV[2])
    redis.call('PEXPIRE', KEYS[2], 3600000)
  end
  return 0
end
local now = tonumber(ARGV[1])
local answer = take(now)
return { answer, redis.call('ZCOUNT', KEYS[1], '(' .. (now - 60000), '+inf'), redis.call('ZCOUNT', KEYS[1], '(' .. (now - 3600000), '+inf') }
`;

export class RedisWriteBudget implements ContentBudget {
  /** What this replica last saw of the windows (metrics only; the decisions are Redis's). */
  private seen = { minute: GITHUB_CONTENT_LIMITS.perMinute, hour: GITHUB_CONTENT_LIMITS.perHour };

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly limits: BudgetLimits = GITHUB_CONTENT_LIMITS,
    private readonly courtesyLimits: BudgetLimits = COURTESY_LIMITS,
    private readonly backgroundLimits: BudgetLimits = BACKGROUND_LIMITS,
  ) {}

  private async call(installation: string, nowMs: number, limits: BudgetLimits, courtesy: boolean): Promise<number> {
    const writes = `${this.prefix}:budget:${installation}`;
    const courtesyKey = `${this.prefix}:courtesy:${installation}`;
    const c = this.courtesyLimits;
    const [answer, inMinute, inHour] = (await this.client.eval(TAKE, 2, writes, courtesyKey, nowMs, `${nowMs}:${randomUUID()}`, limits.perMinute, limits.perHour, courtesy ? 1 : 0, c.perMinute, c.perHour)) as [number, number, number];
    this.seen = { minute: Math.max(0, this.limits.perMinute - inMinute), hour: Math.max(0, this.limits.perHour - inHour) };
    return answer;
  }

  async take(installation: string, nowMs: number, background = false): Promise<number> {
    return this.call(installation, nowMs, background ? this.backgroundLimits : this.limits, false);
  }

  async takeCourtesy(installation: string, nowMs: number): Promise<boolean> {
    return (await this.call(installation, nowMs, this.limits, true)) === 0;
  }

  remaining(): { minute: number; hour: number } {
    return this.seen;
  }
}
