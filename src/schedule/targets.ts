// The scheduler's walk: installations → repositories → open coordination issues, with each
// repository's synthesis schedule. One cheap request per repository without coordinations. A
// repository or installation that fails (issues disabled, access revoked, GitHub down) is logged
// and skipped: the others still get their Team Status and their reconcile.
import type { Logger } from "pino";
import type { ConfigCache } from "../app/config-cache.js";
import { DEFAULT_CONFIG } from "../config-schema.js";
import type { AppPort } from "../github/app-port.js";
import type { CoordinationTarget } from "./scheduler.js";

export interface WalkDeps {
  github: AppPort;
  configs: ConfigCache;
  log: Logger;
}

/**
 * Every open coordination issue the app can see (or one repository's, `only` = "owner/repo").
 * Repositories are first asked for issues under the coordination label their cached configuration
 * names (the default `coordination` when none is cached); the configuration itself is read only
 * for repositories that have coordinations, for their `synthesis.cron` and `synthesis.timezone`.
 * Only the list of installations failing fails the walk.
 */
export async function listCoordinations(deps: WalkDeps, only: string | null = null): Promise<CoordinationTarget[]> {
  const { github, configs, log } = deps;
  const onlyOwner = only?.split("/")[0]?.toLowerCase() ?? null;
  const targets: CoordinationTarget[] = [];
  for (const installation of await github.installations()) {
    if (onlyOwner !== null && installation.account.toLowerCase() !== onlyOwner) continue;
    let repositories;
    let port;
    try {
      ({ port, repositories } = await github.installation(installation.id));
      repositories = await repositories();
    } catch (error) {
      log.warn({ err: error, installation: installation.id }, "skipped an installation the walk could not list");
      continue;
    }
    for (const { owner, repo, archived } of repositories) {
      if (archived || (only !== null && `${owner}/${repo}`.toLowerCase() !== only.toLowerCase())) continue;
      try {
        const label = configs.peek(installation.id, owner, repo)?.config.coordinationLabel ?? DEFAULT_CONFIG.coordinationLabel;
        const coordinations = await port.findCoordinations(owner, repo, label);
        if (coordinations.length === 0) continue;
        const { config } = await configs.get(installation.id, owner, repo, () => port.loadConfigFile(owner, repo));
        for (const c of coordinations) {
          targets.push({ installationId: installation.id, owner, repo, number: c.number, cron: config.synthesis.cron, timezone: config.synthesis.timezone, body: c.body });
        }
      } catch (error) {
        log.warn({ err: error, installation: installation.id, repo: `${owner}/${repo}`, status: (error as { status?: number }).status }, "skipped a repository the walk could not read");
      }
    }
  }
  return targets;
}
