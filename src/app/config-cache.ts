// Configuration per repository, kept briefly so an ordinary event costs no config request.
// A push that may change `.github/` drops the entry; the TTL bounds staleness anyway.
import { DEFAULT_CONFIG, type Config, type ConfigProblem } from "../config-schema.js";
import { parseConfig } from "../config.js";

export interface LoadedConfig {
  config: Config;
  problems: ConfigProblem[];
}

export const CONFIG_TTL_MS = 5 * 60_000;

export class ConfigCache {
  private readonly entries = new Map<string, { value: LoadedConfig; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = CONFIG_TTL_MS,
  ) {}

  private key(installationId: number, owner: string, repo: string): string {
    return `${installationId}:${owner}/${repo}`.toLowerCase();
  }

  async get(installationId: number, owner: string, repo: string, load: () => Promise<unknown>): Promise<LoadedConfig> {
    const key = this.key(installationId, owner, repo);
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    let value: LoadedConfig;
    try {
      value = parseConfig(await load());
    } catch (error) {
      // GitHub's errors are retried by the queue; a file the loader cannot read (bad YAML, an
      // `_extends` loop) is the user's to fix: defaults apply and the notice says why.
      if (typeof (error as { status?: unknown }).status === "number") throw error;
      // The loader's message names itself and the URL; the user needs only what is wrong.
      const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "";
      const reason = message.replace(/^\[[^\]]{0,80}\]\s*/, "").replace(/ from https?:\/\/\S+/, "").slice(0, 200) || "unreadable";
      value = { config: DEFAULT_CONFIG, problems: [{ key: "(file)", message: `Could not be read (${reason}). Expected valid YAML with the keys of docs/configuration.md` }] };
    }
    this.entries.set(key, { value, at: this.now() });
    return value;
  }

  /** The cached configuration, if fresh, without loading. */
  peek(installationId: number, owner: string, repo: string): LoadedConfig | null {
    const hit = this.entries.get(this.key(installationId, owner, repo));
    return hit && this.now() - hit.at < this.ttlMs ? hit.value : null;
  }

  invalidate(installationId: number, owner: string, repo: string): void {
    this.entries.delete(this.key(installationId, owner, repo));
  }

  /** An organisation-wide `.github` repository changes every repository's config. */
  invalidateOwner(installationId: number, owner: string): void {
    const prefix = `${installationId}:${owner}/`.toLowerCase();
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
