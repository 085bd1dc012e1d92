// `npm start`: Probot's own runner (environment, `.env`, setup flow without credentials).
import { run } from "probot";
import app from "./index.js";
import { CoordinatorOctokit } from "./github/octokit.js";

await run(app, { Octokit: CoordinatorOctokit });
