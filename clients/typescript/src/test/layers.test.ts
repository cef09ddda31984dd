// AWS WAF and AWS Network Firewall through the client, against the real
// server. The scenarios are the CLI's (cmd/netverdict/testdata/{waf,nfw}):
// real AWS-shaped documents sent inline, flows written here as object
// literals (so the client's http / tlsServerName / applicationProtocol
// fields are what the server sees), and decisions compared whole with the
// CLI's golden outputs (cmd/netverdict/testdata/golden/{waf-seed,
// nfw-allowlist}.golden, one Decision in proto JSON per line). Each case
// names the section of the AWS semantics reference
// (/work/shared/reference/aws-semantics.md) it checks.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import {
  Code,
  Layer,
  Leg,
  NetverdictClient,
  NetverdictError,
  SearchStringEncoding,
  Verdict,
  awsDocumentsSource,
  decisionToJson,
  snapshotSource,
} from "../index.js";
import type { AwsDocumentInit, ConfigSource, Decision, FlowInit } from "../index.js";
import { repoRoot, startServer } from "../testutil/server.js";
import type { Server } from "../testutil/server.js";

const testdata = join(repoRoot, "cmd", "netverdict", "testdata");

// The WAF scenario without its web ACL, which comes as AWS CLI output
// (base64 SearchStrings) or as the console prints it (plain text).
const wafBase = ["ec2.json", "ip-set.json", "regex-set.json", "associations.json"];
// The domain-allowlist egress firewall placed by route tables.
const nfwFiles = [
  "ec2.json",
  "route-tables.json",
  "rulegroup-no-telnet.json",
  "firewall-allowlist.json",
  "policy-allowlist.json",
  "rulegroup-allowed-domains.json",
];
const webAclArn = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop-acl/a1b2c3d4-0000-4000-8000-000000000001";
const policyArn = "arn:aws:network-firewall:eu-west-1:111122223333:firewall-policy/egress-allowlist";
const defaultAllow = "No rule terminated: default action Allow of web ACL shop-acl";

/** The decisions of a CLI golden file (its stdout part), by flow id. */
async function golden(name: string): Promise<Map<string, unknown>> {
  const text = await readFile(join(testdata, "golden", `${name}.golden`), "utf8");
  const stdout = text.split("--- stderr ---\n")[0]!;
  const decisions = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { flowId: string });
  assert.ok(decisions.length > 0, `${name}.golden holds no JSON decisions`);
  return new Map(decisions.map((d) => [d.flowId, d]));
}

async function doc(dir: string, file: string, searchStringEncoding?: SearchStringEncoding): Promise<AwsDocumentInit> {
  const content = new Uint8Array(await readFile(join(testdata, dir, file)));
  return searchStringEncoding === undefined ? { name: file, content } : { name: file, content, searchStringEncoding };
}

async function wafDocuments(console: boolean, encoding?: SearchStringEncoding): Promise<AwsDocumentInit[]> {
  const docs = await Promise.all(wafBase.map((f) => doc("waf", f)));
  docs.push(await (console ? doc("waf", "web-acl-console.json", encoding) : doc("waf", "web-acl.json")));
  return docs;
}

async function nfwDocuments(): Promise<AwsDocumentInit[]> {
  return Promise.all(nfwFiles.map((f) => doc("nfw", f)));
}

/** A browser's GET of path on the shop's load balancer (10.30.0.10:443). */
function shopRequest(id: string, clientIp: string, clientPort: number, path: string, captchaTokenValid = false): FlowInit {
  return {
    id,
    source: { ip: clientIp },
    destination: { ip: "10.30.0.10" },
    protocol: "tcp",
    sourcePort: clientPort,
    destinationPort: 443,
    http: {
      method: "GET",
      uriPath: path,
      headers: [
        { name: "Host", value: "shop.example.com" },
        { name: "User-Agent", value: "Mozilla/5.0" },
      ],
      captchaTokenValid,
    },
  };
}

/** A connection from the app instance behind the egress firewall. */
function egress(id: string, dst: string, clientPort: number, port: number, extra: { tlsServerName?: string; applicationProtocol?: string } = {}): FlowInit {
  return {
    id,
    source: { networkInterfaceId: "eni-0app000000000001" },
    destination: { ip: dst },
    protocol: "tcp",
    sourcePort: clientPort,
    destinationPort: port,
    ...extra,
  };
}

interface WafCase {
  why: string;
  flow: FlowInit;
  verdict: Verdict;
  /** The WAF check's rule ids: a DENY's first is the terminating rule. */
  rules: string[];
  reason: string;
}

const wafCases: WafCase[] = [
  {
    why: "§4.4 ByteMatch EXACTLY + §4.8 IP set: the admin rule does not match from the office; §4.2 default action",
    flow: shopRequest("admin-from-office", "198.51.100.23", 51000, "/admin/dashboard"),
    verdict: Verdict.ALLOW,
    rules: [],
    reason: defaultAllow,
  },
  {
    why: "§4.2 Block terminates: the admin page from outside the office IP set",
    flow: shopRequest("admin-from-elsewhere", "192.0.2.44", 51001, "/admin/dashboard"),
    verdict: Verdict.DENY,
    rules: ["admin-only-from-office"],
    reason:
      "Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard and the client IP 192.0.2.44 is not in IP set office",
  },
  {
    why: "§4.2 Captcha without a valid token: a terminating block (HTTP 405)",
    flow: shopRequest("signup-without-token", "192.0.2.47", 51006, "/signup"),
    verdict: Verdict.DENY,
    rules: ["captcha-signup"],
    reason: "Blocked with a CAPTCHA (no valid token; HTTP 405) by rule captcha-signup (priority 30): URI path is /signup",
  },
  {
    why: "§4.2 Captcha with a valid token behaves like Count: evaluation goes on to the default action",
    flow: shopRequest("signup-with-token", "192.0.2.47", 51007, "/signup", true),
    verdict: Verdict.ALLOW,
    rules: ["captcha-signup"],
    reason: defaultAllow,
  },
];

interface NfwCase {
  why: string;
  flow: FlowInit;
  verdict: Verdict;
  /** The firewall check's rule ids on the forward leg. */
  rules: string[];
}

const nfwCases: NfwCase[] = [
  {
    why: "§5.8 ALLOWLIST TLS_SNI .example.com: a listed name is passed by the generated rule sid 1",
    flow: egress("tls-allowed", "93.184.216.34", 50100, 443, { tlsServerName: "www.example.com" }),
    verdict: Verdict.ALLOW,
    rules: ["sid:1"],
  },
  {
    why: "§5.8 dotprefix: badexample.com is not under .example.com; generated drop rule sid 3",
    flow: egress("tls-not-listed", "198.51.100.80", 50102, 443, { tlsServerName: "badexample.com" }),
    verdict: Verdict.DENY,
    rules: ["sid:3"],
  },
  {
    why: "§5.8 a domain list leaves other protocols alone: declared SSH matches no rule",
    flow: egress("ssh-out-untouched", "198.51.100.22", 50105, 22, { applicationProtocol: "ssh" }),
    verdict: Verdict.ALLOW,
    rules: [],
  },
  {
    why: "§5.3 stateless rule priority 1 (aws:drop) drops telnet before the stateful engine",
    flow: egress("telnet-out-stateless-drop", "198.51.100.23", 50106, 23),
    verdict: Verdict.DENY,
    rules: ["1"],
  },
];

let server: Server;
let client: NetverdictClient;
let wafGolden: Map<string, unknown>;
let nfwGolden: Map<string, unknown>;

before(async () => {
  server = await startServer();
  client = NetverdictClient.connect({ address: server.address, timeoutMs: 30_000 });
  wafGolden = await golden("waf-seed");
  nfwGolden = await golden("nfw-allowlist");
});

after(async () => {
  client?.close();
  await server?.stop();
});

function assertWaf(got: Decision[]): void {
  assert.deepEqual(
    got.map((d) => d.flowId),
    wafCases.map((c) => c.flow.id),
  );
  got.forEach((d, i) => {
    const c = wafCases[i]!;
    const msg = `${c.flow.id} (${c.why})`;
    assert.equal(d.verdict, c.verdict, msg);
    const checks = d.checks.filter((k) => k.layer === Layer.WAF);
    assert.equal(checks.length, 1, msg);
    const check = checks[0]!;
    assert.equal(check.resourceId, webAclArn, msg);
    assert.equal(check.verdict, c.verdict, msg);
    assert.deepEqual(
      check.rules.map((r) => r.ruleId),
      c.rules,
      msg,
    );
    assert.equal(check.reason, c.reason, msg);
    assert.deepEqual(decisionToJson(d), wafGolden.get(d.flowId), msg);
  });
}

function assertNfw(got: Decision[]): void {
  assert.deepEqual(
    got.map((d) => d.flowId),
    nfwCases.map((c) => c.flow.id),
  );
  got.forEach((d, i) => {
    const c = nfwCases[i]!;
    const msg = `${c.flow.id} (${c.why})`;
    assert.equal(d.verdict, c.verdict, msg);
    const checks = d.checks.filter((k) => k.layer === Layer.NETWORK_FIREWALL);
    // The endpoint is crossed both ways (§3.4): forward, then return.
    assert.deepEqual(
      checks.map((k) => k.leg),
      [Leg.FORWARD, Leg.RETURN],
      msg,
    );
    const forward = checks[0]!;
    assert.equal(forward.resourceId, policyArn, msg);
    assert.equal(forward.verdict, c.verdict, msg);
    assert.deepEqual(
      forward.rules.map((r) => r.ruleId),
      c.rules,
      msg,
    );
    assert.deepEqual(decisionToJson(d), nfwGolden.get(d.flowId), msg);
  });
}

async function collect(it: AsyncIterable<Decision>): Promise<Decision[]> {
  const out: Decision[] = [];
  for await (const d of it) {
    out.push(d);
  }
  return out;
}

const wafFlows = (): FlowInit[] => wafCases.map((c) => c.flow);
const nfwFlows = (): FlowInit[] => nfwCases.map((c) => c.flow);

describe("WAF and Network Firewall layers", () => {
  test("WAF: AWS CLI documents (base64 SearchStrings, §4.4) inline", async () => {
    const source = awsDocumentsSource(await wafDocuments(false));
    assertWaf(await client.evaluate(wafFlows(), { source }));
  });

  test("WAF: the console's web ACL with searchStringEncoding PLAIN gives the same decisions", async () => {
    const source = awsDocumentsSource(await wafDocuments(true, SearchStringEncoding.PLAIN));
    assertWaf(await client.evaluate(wafFlows(), { source }));
  });

  test("WAF: the console's web ACL without PLAIN is refused, never guessed", async () => {
    const source = awsDocumentsSource(await wafDocuments(true));
    await assert.rejects(client.evaluate(wafFlows().slice(0, 1), { source }), (err: unknown) => {
      assert.ok(err instanceof NetverdictError, `got ${String(err)}`);
      assert.equal(err.code, Code.InvalidArgument);
      const doc = "config.aws_documents.documents[4]: ";
      assert.deepEqual(
        err.fieldViolations.map((v) => [v.field, v.description]),
        [
          [
            `${doc}WebACL.Rules[2].Statement.AndStatement.Statements[1].ByteMatchStatement.SearchString`,
            'web-acl-console.json: invalid base64 (got "/login")',
          ],
          [`${doc}WebACL.Rules[4].Statement.ByteMatchStatement.SearchString`, 'web-acl-console.json: invalid base64 (got "/signup")'],
        ],
      );
      return true;
    });
  });

  test("WAF: a flow without an http request is INDETERMINATE", async () => {
    const { http: _, ...flow } = shopRequest("no-http", "192.0.2.48", 51008, "/");
    const [d] = await client.evaluate([flow], { source: awsDocumentsSource(await wafDocuments(false)) });
    assert.equal(d?.verdict, Verdict.INDETERMINATE);
    const waf = d!.checks.filter((k) => k.layer === Layer.WAF);
    assert.equal(waf.length, 1);
    assert.match(waf[0]!.reason, /the flow carries no http request$/);
  });

  test("Network Firewall: allowlist documents inline, evaluate and evaluateStream", async () => {
    const source = awsDocumentsSource(await nfwDocuments());
    assertNfw(await client.evaluate(nfwFlows(), { source }));
    assertNfw(await collect(client.evaluateStream(nfwFlows(), { source, batchSize: 3 })));
  });

  test("snapshots of the WAF and firewall documents give the same decisions", async () => {
    const wafSource = awsDocumentsSource(await wafDocuments(true, SearchStringEncoding.PLAIN));
    const nfwSource = awsDocumentsSource(await nfwDocuments());
    const waf = (await client.createSnapshot(wafSource)).snapshot!;
    const nfw = (await client.createSnapshot(nfwSource)).snapshot!;
    try {
      const wc = waf.resourceCounts!;
      assert.deepEqual([wc.webAcls, wc.ipSets, wc.regexPatternSets], [1, 1, 1]);
      const nc = nfw.resourceCounts!;
      assert.deepEqual([nc.firewalls, nc.firewallPolicies, nc.firewallRuleGroups], [1, 1, 2]);
      assert.ok(nc.routeTables > 0);

      // Named alike, the console's web ACL read as PLAIN and the CLI's
      // (base64) are the same content, hence the same snapshot.
      const consoleDocs = await wafDocuments(true, SearchStringEncoding.PLAIN);
      consoleDocs[consoleDocs.length - 1]!.name = "web-acl.json";
      const same = (await client.createSnapshot(awsDocumentsSource(consoleDocs))).snapshot!;
      const cli = (await client.createSnapshot(awsDocumentsSource(await wafDocuments(false)))).snapshot!;
      assert.equal(cli.name, same.name);
      await client.deleteSnapshot(same.name);

      const byWaf: ConfigSource = snapshotSource(waf.name);
      assertWaf(await client.evaluate(wafFlows(), { source: byWaf }));
      assertWaf(await collect(client.evaluateStream(wafFlows(), { source: byWaf })));
      assertNfw(await client.evaluate(nfwFlows(), { source: snapshotSource(nfw.name) }));
    } finally {
      await client.deleteSnapshot(waf.name);
      await client.deleteSnapshot(nfw.name);
    }
  });

  test("the server stops with exit code 0 on SIGTERM", async () => {
    client.close();
    assert.equal(await server.stop(), 0, `stderr:\n${server.stderr()}`);
  });
});
