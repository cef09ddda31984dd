// The client against the real server (netverdict serve as a child process),
// compared with the in-process CLI.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { after, before, describe, test } from "node:test";

import {
  Code,
  DecisionView,
  NetverdictClient,
  NetverdictError,
  Verdict,
  awsDocumentsSource,
  awsFilesSource,
  decisionToJson,
  flowsFromJsonLines,
  networkConfigSource,
  snapshotSource,
} from "../index.js";
import type { Decision, Flow, FlowInit } from "../index.js";
import { cliDecisions, exampleFlowsPath, exampleNetworkFiles, startServer } from "../testutil/server.js";
import type { Server } from "../testutil/server.js";

let server: Server;
let client: NetverdictClient;
let flows: Flow[];
let expected: unknown[];

before(async () => {
  server = await startServer();
  client = NetverdictClient.connect({ address: server.address, timeoutMs: 30_000 });
  flows = flowsFromJsonLines(await readFile(exampleFlowsPath, "utf8"));
  expected = await cliDecisions();
  assert.equal(expected.length, flows.length, "the CLI judged every example flow");
});

after(async () => {
  client?.close();
  await server?.stop();
});

/** A verdict as proto JSON names it ("VERDICT_ALLOW"). */
function verdictJson(v: Verdict): string {
  return `VERDICT_${Verdict[v]}`;
}

/** Compares decisions with the CLI's: ids, verdicts, check counts, then the whole JSON. */
function assertSameAsCli(got: Decision[]): void {
  const want = expected as { flowId: string; verdict: string; checks?: unknown[] }[];
  assert.deepEqual(
    got.map((d) => d.flowId),
    want.map((d) => d.flowId),
  );
  assert.deepEqual(
    got.map((d) => verdictJson(d.verdict)),
    want.map((d) => d.verdict),
  );
  assert.deepEqual(
    got.map((d) => d.checks.length),
    want.map((d) => d.checks?.length ?? 0),
  );
  assert.deepEqual(got.map(decisionToJson), want);
}

describe("netverdict server", () => {
  test("health is SERVING", async () => {
    assert.equal(await client.health(), "SERVING");
  });

  test("evaluate on the server's default configuration matches the CLI", async () => {
    const decisions = await client.evaluate(flows);
    assertSameAsCli(decisions);
    // The examples cover all three outcomes.
    assert.ok(decisions.some((d) => d.verdict === Verdict.ALLOW));
    assert.ok(decisions.some((d) => d.verdict === Verdict.DENY));
  });

  test("evaluate with an awsDocuments source matches the CLI", async () => {
    const files = await exampleNetworkFiles();
    const docs = await Promise.all(files.map(async (f) => ({ name: basename(f), content: new Uint8Array(await readFile(f)) })));
    assertSameAsCli(await client.evaluate(flows, { source: awsDocumentsSource(docs) }));
    assertSameAsCli(await client.evaluate(flows, { source: await awsFilesSource(files) }));
  });

  test("evaluate with object-literal flows and the VERDICT view", async () => {
    const literal: FlowInit[] = [
      {
        id: "literal",
        source: { ip: "10.0.1.20" },
        destination: { ip: "10.0.2.30" },
        protocol: "tcp",
        destinationPort: 8080,
      },
    ];
    const [d] = await client.evaluate(literal, { options: { view: DecisionView.VERDICT } });
    assert.equal(d?.flowId, "literal");
    assert.equal(d?.checks.length, 0);
    const web = (expected as { flowId: string; verdict: string }[]).find((e) => e.flowId === "web-to-app-any-port");
    assert.equal(verdictJson(d!.verdict), web?.verdict);
  });

  test("evaluateStream of 20,000 flows yields every decision in order", async () => {
    const n = 20_000;
    const byId = new Map((expected as { flowId: string; verdict: string }[]).map((e) => [e.flowId, e.verdict]));
    function* many(): Generator<Flow> {
      for (let i = 0; i < n; i++) {
        const base = flows[i % flows.length]!;
        yield { ...base, id: `${base.id}#${i}` };
      }
    }
    let i = 0;
    for await (const d of client.evaluateStream(many(), { options: { view: DecisionView.BASIC } })) {
      const base = flows[i % flows.length]!;
      assert.equal(d.flowId, `${base.id}#${i}`);
      assert.equal(verdictJson(d.verdict), byId.get(base.id));
      i++;
    }
    assert.equal(i, n);
  });

  test("evaluateStream from an async iterable, an odd batch size and an explicit source", async () => {
    async function* gen(): AsyncGenerator<FlowInit> {
      for (let i = 0; i < 2_500; i++) {
        const base = flows[i % flows.length]!;
        yield { ...base, id: String(i) };
        if (i % 500 === 0) {
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    const source = await awsFilesSource(await exampleNetworkFiles());
    const ids: string[] = [];
    for await (const d of client.evaluateStream(gen(), { source, batchSize: 333 })) {
      ids.push(d.flowId);
    }
    assert.deepEqual(
      ids,
      Array.from({ length: 2_500 }, (_, i) => String(i)),
    );
  });

  test("evaluateStream of no flows yields nothing", async () => {
    const got: Decision[] = [];
    for await (const d of client.evaluateStream([])) {
      got.push(d);
    }
    assert.equal(got.length, 0);
  });

  test("breaking out of evaluateStream cancels it; the client stays usable", async () => {
    function* endless(): Generator<Flow> {
      for (let i = 0; ; i++) {
        yield { ...flows[0]!, id: `e${i}` };
      }
    }
    let count = 0;
    for await (const d of client.evaluateStream(endless(), { batchSize: 100 })) {
      assert.equal(d.flowId, `e${count}`);
      if (++count === 1_000) {
        break;
      }
    }
    assert.equal(count, 1_000);
    assert.equal((await client.evaluate(flows.slice(0, 1))).length, 1);
  });

  test("aborting the signal of evaluateStream fails it with Canceled", async () => {
    function* endless(): Generator<Flow> {
      for (let i = 0; ; i++) {
        yield { ...flows[0]!, id: `a${i}` };
      }
    }
    const ac = new AbortController();
    let count = 0;
    await assert.rejects(
      async () => {
        for await (const _ of client.evaluateStream(endless(), { signal: ac.signal })) {
          if (++count === 500) {
            ac.abort();
          }
        }
      },
      (err: unknown) => {
        assert.ok(err instanceof NetverdictError, `got ${String(err)}`);
        assert.equal(err.code, Code.Canceled);
        return true;
      },
    );
    assert.ok(count >= 500);
  });

  test("an error thrown by the flows iterable is rethrown", async () => {
    function* failing(): Generator<Flow> {
      yield flows[0]!;
      throw new Error("no more flows today");
    }
    await assert.rejects(async () => {
      for await (const _ of client.evaluateStream(failing())) {
        // drain
      }
    }, /no more flows today/);
  });

  test("snapshot lifecycle: create, create again, get, list, evaluate on it, delete", async () => {
    const source = networkConfigSource({
      vpcs: [{ id: "vpc-0ts00000000000001", ownerId: "111122223333", cidrBlocks: ["10.77.0.0/16"] }],
      subnets: [{ id: "subnet-0ts0000000000001", vpcId: "vpc-0ts00000000000001", cidrBlocks: ["10.77.1.0/24"] }],
    });
    const first = await client.createSnapshot(source);
    assert.equal(first.created, true);
    const name = first.snapshot!.name;
    assert.match(name, /^snapshots\/[0-9a-f]{64}$/);
    assert.equal(name, `snapshots/${first.snapshot!.digest}`);
    assert.equal(first.snapshot!.resourceCounts?.vpcs, 1);
    assert.equal(first.snapshot!.resourceCounts?.subnets, 1);

    const again = await client.createSnapshot(source);
    assert.equal(again.created, false);
    assert.equal(again.snapshot!.name, name);

    const got = await client.getSnapshot(name);
    assert.equal(got.digest, first.snapshot!.digest);
    assert.ok(got.createTime !== undefined);

    // The server stored its default configuration as a snapshot too: a page
    // size of 1 makes listSnapshots fetch several pages.
    const names: string[] = [];
    for await (const s of client.listSnapshots({ pageSize: 1 })) {
      names.push(s.name);
    }
    assert.ok(names.includes(name), `${name} listed in ${names.join(", ")}`);
    assert.ok(names.length >= 2);
    assert.deepEqual(names, [...names].sort());

    const [d] = await client.evaluate(
      [{ id: "inside", source: { ip: "10.77.1.5" }, destination: { ip: "10.77.1.6" }, protocol: "tcp", destinationPort: 22 }],
      { source: snapshotSource(name) },
    );
    assert.equal(d?.flowId, "inside");
    assert.notEqual(d?.verdict, Verdict.UNSPECIFIED);

    await client.deleteSnapshot(name);
    await assert.rejects(client.getSnapshot(name), (err: unknown) => {
      assert.ok(err instanceof NetverdictError);
      assert.equal(err.code, Code.NotFound);
      return true;
    });
    await assert.rejects(client.evaluate(flows, { source: snapshotSource(name) }), (err: unknown) => {
      assert.ok(err instanceof NetverdictError);
      assert.equal(err.code, Code.NotFound);
      return true;
    });
  });

  test("a bad flow fails with InvalidArgument and a field violation", async () => {
    const bad: FlowInit = { ...flows[0]!, destinationPort: 70000 };
    await assert.rejects(client.evaluate([bad]), (err: unknown) => {
      assert.ok(err instanceof NetverdictError, `got ${String(err)}`);
      assert.equal(err.code, Code.InvalidArgument);
      assert.equal(err.codeName, "InvalidArgument");
      assert.ok(
        err.fieldViolations.some((v) => v.field === "flows[0].destination_port" && v.description !== ""),
        JSON.stringify(err.fieldViolations),
      );
      return true;
    });
  });

  test("a bad flow in a stream fails with InvalidArgument and a field violation indexed in the stream", async () => {
    const stream = [...flows, { ...flows[0]!, destinationPort: 70000 }];
    await assert.rejects(
      async () => {
        for await (const _ of client.evaluateStream(stream, { batchSize: 4 })) {
          // drain
        }
      },
      (err: unknown) => {
        assert.ok(err instanceof NetverdictError, `got ${String(err)}`);
        assert.equal(err.code, Code.InvalidArgument);
        // Paths count from the start of the stream, not of the batch.
        assert.ok(
          err.fieldViolations.some((v) => v.field === `flows[${flows.length}].destination_port`),
          JSON.stringify(err.fieldViolations),
        );
        return true;
      },
    );
  });

  test("an unreachable server fails with Unavailable", async () => {
    const c = NetverdictClient.connect({ address: "127.0.0.1:1", timeoutMs: 5_000 });
    try {
      await assert.rejects(c.health(), (err: unknown) => {
        assert.ok(err instanceof NetverdictError);
        assert.equal(err.code, Code.Unavailable);
        return true;
      });
    } finally {
      c.close();
    }
  });

  test("the server stops with exit code 0 on SIGTERM", async () => {
    client.close();
    assert.equal(await server.stop(), 0, `stderr:\n${server.stderr()}`);
  });
});
