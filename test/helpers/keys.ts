import { generateKeyPairSync } from "node:crypto";

let privateKey: string | null = null;

/** An RSA key for the app's JWTs, made once per test process (no key is committed). */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return privateKey;
}
