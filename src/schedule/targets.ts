// The scheduler's walk: installations → repositories → open coordination issues, with each
// repository's synthesis schedule. One cheap request per repository without coordinations.
import type { Probot } from "probot";
import type { ConfigCache } from "../app/config-cache.js";
import { DEFAULT_CONFIG } from "../config.js";
import { OctokitPort, type Octokit } from "../github/octokit-port.js";
import type { SynthesisTarget } from "./scheduler.js";

export interface WalkDeps {
  app: Probot;
  configs: ConfigCache;
}

/**
 * Every open coordination issue the app can see (or one repository's, `only` = "owner/repo").
 * Repositories are first asked for issues under the coordination label their cached configuration
 * names (the default `coordination` when none is cached); the configuration itself is read only
 * for repositories that have coordinations, for their `synthesis.cron` and `synthesis.timezone`.
 */
export async function listSynthesisTargets(deps: WalkDeps, only: string | null = null): Promise<SynthesisTarget[]> {
  const { app, configs } = deps;
  const appOctokit = (await app.auth()) as Octokit;
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  const targets: SynthesisTarget[] = [];
  for (const installation of installations) {
    if (only !== null && installation.account && "login" in installation.account && installation.account.login.toLowerCase() !== only.split("/")[0]?.toLowerCase()) continue;
    const octokit = (await app.auth(installation.id)) as Octokit;
    const port = new OctokitPort(octokit);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
    for (const repo of repos) {
      const owner = repo.owner.login;
      if (repo.archived || (only !== null && `${owner}/${repo.name}`.toLowerCase() !== only.toLowerCase())) continue;
      const label = configs.peek(installation.id, owner, repo.name)?.config.coordinationLabel ?? DEFAULT_CONFIG.coordinationLabel;
      const coordinations = await port.findCoordinations(owner, repo.name, label);
      if (coordinations.length === 0) continue;
      const { config } = await configs.get(installation.id, owner, repo.name, () => port.loadConfigFile(owner, repo.name));
      for (const c of coordinations) {
        targets.push({ installationId: installation.id, owner, repo: repo.name, number: c.number, cron: config.synthesis.cron, timezone: config.synthesis.timezone, body: c.body });
      }
    }
  }
  return targets;
}
