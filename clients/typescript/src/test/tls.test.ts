// TLS, mutual TLS and bearer tokens against the real server, with a CA,
// server and client certificates made by the openssl CLI in a temporary
// directory.

import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";

import { Code, NetverdictClient, NetverdictError, flowsFromJsonLines, snapshotSource } from "../index.js";
import type { ConnectOptions, Flow } from "../index.js";
import { exampleFlowsPath, netverdictBin, startServer } from "../testutil/server.js";
import type { Server } from "../testutil/server.js";

const execFileP = promisify(execFile);

/** Why the tests cannot run (the server's TLS and token flags, or openssl, missing), or false; a reason fails the suite. */
async function missingPrerequisite(): Promise<string | false> {
  const bin = await netverdictBin();
  const help = spawnSync(bin, ["serve", "-h"], { encoding: "utf8" });
  const text = `${help.stdout ?? ""}${help.stderr ?? ""}`;
  for (const flag of ["-tls-cert", "-tls-key", "-client-ca", "-auth-tokens"]) {
    if (!text.includes(flag)) {
      return `netverdict serve has no ${flag} flag`;
    }
  }
  if (spawnSync("openssl", ["version"]).status !== 0) {
    return "no openssl CLI";
  }
  return false;
}

// A missing prerequisite fails the suite (the flags exist and bootstrap
// installs openssl): these tests must not pass by skipping.
const missing = await missingPrerequisite();
if (missing) {
  throw new Error(`TLS tests cannot run: ${missing}`);
}

const OPENSSL_CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = netverdict test
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
[client_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
`;

interface Pki {
  dir: string;
  caCert: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  file: (name: string) => string;
}

/** Makes a CA, a server certificate for IP 127.0.0.1 and a client certificate. */
async function makePki(): Promise<Pki> {
  const dir = await mkdtemp(join(tmpdir(), "netverdict-ts-tls-"));
  const file = (name: string) => join(dir, name);
  await writeFile(file("openssl.cnf"), OPENSSL_CNF);
  const openssl = (...args: string[]) => execFileP("openssl", args, { cwd: dir });
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl("req", "-x509", "-config", "openssl.cnf", "-extensions", "ca_ext", ...ecKey, "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=netverdict test CA", "-days", "2");
  for (const [name, ext, cn] of [
    ["server", "server_ext", "127.0.0.1"],
    ["client", "client_ext", "netverdict test client"],
  ] as const) {
    await openssl("req", "-new", "-config", "openssl.cnf", ...ecKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    await openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", "openssl.cnf", "-extensions", ext);
  }
  return {
    dir,
    file,
    caCert: await readFile(file("ca.crt")),
    clientCert: await readFile(file("client.crt")),
    clientKey: await readFile(file("client.key")),
  };
}

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

describe("TLS and bearer tokens", () => {
  const adminToken = "admin-token-0123456789";
  const readerToken = "reader-token-9876543210";
  let pki: Pki;
  let flows: Flow[];
  const clients: NetverdictClient[] = [];

  const connect = (opts: ConnectOptions) => {
    const c = NetverdictClient.connect({ timeoutMs: 15_000, ...opts });
    clients.push(c);
    return c;
  };

  const rejectsWith = async (p: Promise<unknown>, code: Code) =>
    assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof NetverdictError, `got ${String(err)}`);
      assert.equal(err.code, code, `got ${err.message}`);
      return true;
    });

  before(async () => {
    pki = await makePki();
    flows = flowsFromJsonLines(await readFile(exampleFlowsPath, "utf8"));
    await writeFile(
      pki.file("tokens.txt"),
      `# name hash scope\nadmin sha256:${sha256Hex(adminToken)}\nreader sha256:${sha256Hex(readerToken)} evaluate\n`,
    );
  });

  after(async () => {
    for (const c of clients) {
      c.close();
    }
    if (pki !== undefined) {
      await rm(pki.dir, { recursive: true, force: true });
    }
  });

  describe("server with --tls-cert and --auth-tokens", () => {
    let server: Server;
    before(async () => {
      server = await startServer(["--tls-cert", pki.file("server.crt"), "--tls-key", pki.file("server.key"), "--auth-tokens", pki.file("tokens.txt")]);
    });
    after(async () => {
      await server?.stop();
    });

    test("evaluate over TLS with a token works", async () => {
      const c = connect({ address: server.address, tls: { ca: pki.caCert }, token: adminToken });
      const decisions = await c.evaluate(flows);
      assert.deepEqual(
        decisions.map((d) => d.flowId),
        flows.map((f) => f.id),
      );
      assert.equal(await c.health(), "SERVING");
    });

    test("no token or a wrong token: Unauthenticated; health stays open", async () => {
      const none = connect({ address: server.address, tls: { ca: pki.caCert } });
      await rejectsWith(none.evaluate(flows), Code.Unauthenticated);
      assert.equal(await none.health(), "SERVING");
      const wrong = connect({ address: server.address, tls: { ca: pki.caCert }, token: "not-a-token" });
      await rejectsWith(wrong.evaluate(flows), Code.Unauthenticated);
    });

    test("an evaluate-scope token evaluates but may not create snapshots", async () => {
      const reader = connect({ address: server.address, tls: { ca: pki.caCert }, token: readerToken });
      assert.equal((await reader.evaluate(flows)).length, flows.length);
      await rejectsWith(reader.createSnapshot(snapshotSource("snapshots/0")), Code.PermissionDenied);
      const admin = connect({ address: server.address, tls: { ca: pki.caCert }, token: adminToken });
      const names: string[] = [];
      for await (const s of admin.listSnapshots()) {
        names.push(s.name);
      }
      // The default configuration's snapshot, re-created: allowed for "all".
      const created = await admin.createSnapshot(snapshotSource(names[0]!));
      assert.equal(created.snapshot?.name, names[0]);
    });

    test("a server certificate from an unknown CA is refused", async () => {
      const c = connect({ address: server.address, tls: {}, token: adminToken });
      await assert.rejects(c.evaluate(flows), NetverdictError);
    });

    test("plaintext to a TLS server fails", async () => {
      const c = connect({ address: server.address, token: adminToken, timeoutMs: 5_000 });
      await assert.rejects(c.evaluate(flows), NetverdictError);
    });

    test("the server stops with exit code 0 on SIGTERM", async () => {
      for (const c of clients.splice(0)) {
        c.close();
      }
      assert.equal(await server.stop(), 0, server.stderr());
    });
  });

  describe("server with --client-ca (mutual TLS)", () => {
    let server: Server;
    before(async () => {
      server = await startServer(["--tls-cert", pki.file("server.crt"), "--tls-key", pki.file("server.key"), "--client-ca", pki.file("ca.crt")]);
    });
    after(async () => {
      await server?.stop();
    });

    test("a client with its certificate evaluates", async () => {
      const c = connect({ address: server.address, tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey } });
      assert.equal((await c.evaluate(flows)).length, flows.length);
    });

    test("a client without a certificate is refused", async () => {
      const c = connect({ address: server.address, tls: { ca: pki.caCert } });
      await assert.rejects(c.evaluate(flows), NetverdictError);
    });

    test("the server stops with exit code 0 on SIGTERM", async () => {
      for (const c of clients.splice(0)) {
        c.close();
      }
      assert.equal(await server.stop(), 0, server.stderr());
    });
  });
});
