import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { secretMatches, SYNTHESIS_PATH, synthesisEndpoint } from "../../src/schedule/endpoint.js";

let server: Server | null = null;

async function serve(secret: string | undefined, calls: Array<string | null>): Promise<number> {
  const handler = synthesisEndpoint({
    secret,
    run: async (repo) => {
      calls.push(repo);
      return 3;
    },
  });
  server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

function call(port: number, method: string, path: string, auth?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: auth ? { authorization: auth } : {} }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

describe("the synthesis endpoint", () => {
  it.each([
    ["no secret configured", undefined, "POST", SYNTHESIS_PATH, "Bearer x", 404],
    ["a GET", "s3cret", "GET", SYNTHESIS_PATH, "Bearer s3cret", 405],
    ["no Authorization header", "s3cret", "POST", SYNTHESIS_PATH, undefined, 401],
    ["a wrong secret", "s3cret", "POST", SYNTHESIS_PATH, "Bearer s3cre", 401],
    ["a secret that only starts right", "s3cret", "POST", SYNTHESIS_PATH, "Bearer s3cret-and-more", 401],
    ["not a Bearer header", "s3cret", "POST", SYNTHESIS_PATH, "s3cret", 401],
    ["a bad repo parameter", "s3cret", "POST", `${SYNTHESIS_PATH}?repo=not-a-repo`, "Bearer s3cret", 400],
  ])("answers %s with %i and runs nothing", async (_name, secret, method, path, auth, status) => {
    const calls: Array<string | null> = [];
    const port = await serve(secret, calls);
    expect((await call(port, method, path, auth)).status).toBe(status);
    expect(calls).toEqual([]);
  });

  it("with the right secret, queues every coordination or one repository's", async () => {
    const calls: Array<string | null> = [];
    const port = await serve("s3cret", calls);
    const all = await call(port, "POST", SYNTHESIS_PATH, "Bearer s3cret");
    expect(all.status).toBe(202);
    expect(JSON.parse(all.body)).toEqual({ queued: 3 });
    expect((await call(port, "POST", `${SYNTHESIS_PATH}?repo=acme/app`, "Bearer s3cret")).status).toBe(202);
    expect(calls).toEqual([null, "acme/app"]);
  });

  it("leaves other paths to the rest of the server", async () => {
    const port = await serve("s3cret", []);
    expect((await call(port, "POST", "/api/other", "Bearer s3cret")).status).toBe(404);
  });

  it("compares secrets without leaking their length", () => {
    expect(secretMatches("abc", "abc")).toBe(true);
    expect(secretMatches("abd", "abc")).toBe(false);
    expect(secretMatches("", "")).toBe(false);
  });
});
