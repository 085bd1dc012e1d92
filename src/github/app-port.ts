// The app-level side of GitHub (authenticated as the app, not as an installation): who the app is,
// and which installations and repositories it can see. Only src/github/ calls Octokit.
import type { Probot } from "probot";
import { OctokitPort, type Octokit } from "./octokit-port.js";
import type { GitHubPort } from "./port.js";

/** The app as GitHub knows it: its id and the login of its bot account (`<slug>[bot]`). */
export interface AppIdentity {
  id: number;
  login: string;
}

export interface InstallationRef {
  id: number;
  account: string;
}

export interface RepositoryRef {
  owner: string;
  repo: string;
  archived: boolean;
}

export interface AppPort {
  /** GET /app, asked once per process (the answer never changes while the app runs). */
  identity(): Promise<AppIdentity>;
  installations(): Promise<InstallationRef[]>;
  /** The installation's repository port and the repositories it was granted. */
  installation(id: number): Promise<{ port: GitHubPort; repositories: () => Promise<RepositoryRef[]> }>;
  port(installationId: number): Promise<GitHubPort>;
}

export function probotAppPort(app: Probot): AppPort {
  let identity: Promise<AppIdentity> | null = null;
  const port = async (installationId: number) => new OctokitPort((await app.auth(installationId)) as Octokit);
  return {
    identity() {
      identity ??= (async () => {
        const octokit = (await app.auth()) as Octokit;
        const { data } = await octokit.rest.apps.getAuthenticated();
        if (!data) throw new Error("GitHub did not say who this app is");
        return { id: data.id, login: `${data.slug ?? ""}[bot]` };
      })();
      // A failed look-up is asked again next time, not remembered.
      identity.catch(() => (identity = null));
      return identity;
    },
    async installations() {
      const octokit = (await app.auth()) as Octokit;
      const list = await octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 });
      return list.map((i) => ({ id: i.id, account: i.account && "login" in i.account ? i.account.login : "" }));
    },
    async installation(id) {
      const octokit = (await app.auth(id)) as Octokit;
      return {
        port: new OctokitPort(octokit),
        repositories: async () => {
          const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
          return repos.map((r) => ({ owner: r.owner.login, repo: r.name, archived: r.archived === true }));
        },
      };
    },
    port,
  };
}
