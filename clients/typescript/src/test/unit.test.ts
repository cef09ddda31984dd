// Unit tests without the server: error details decoding, the token
// interceptor, the hand-built health descriptor, and the client's checks of
// the server's answers, against in-memory fakes (Connect router transport).

import assert from "node:assert/strict";
import { test } from "node:test";

import { create, toBinary } from "@bufbuild/protobuf";
import { createRouterTransport } from "@connectrpc/connect";
import type { ConnectRouter } from "@connectrpc/connect";

import {
  BadRequestSchema,
  Code,
  ConnectError,
  DecisionSchema,
  DecisionService,
  HealthService,
  NetverdictClient,
  NetverdictError,
  ProtocolError,
  SearchStringEncoding,
  ServingStatus,
  SnapshotService,
  Verdict,
  awsDocumentsSource,
  bearerTokenInterceptor,
  fieldViolationsOf,
  snapshotSource,
} from "../index.js";
import type { Decision, EvaluateStreamRequest, FlowInit } from "../index.js";

const flows = (n: number): FlowInit[] =>
  Array.from({ length: n }, (_, i) => ({ id: `f${i}`, source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2" }, protocol: "tcp", destinationPort: 80 }));

const allow = (flowId: string): Decision => create(DecisionSchema, { flowId, verdict: Verdict.ALLOW });

function fake(routes: (router: ConnectRouter) => void): NetverdictClient {
  return NetverdictClient.fromTransport(createRouterTransport(routes), { timeoutMs: 5_000 });
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
  }
  return out;
}

/** A stream handler answering each batch with decisions made by answer. */
function streamHandler(answer: (ids: string[], batch: number) => Decision[]) {
  return async function* (reqs: AsyncIterable<EvaluateStreamRequest>) {
    let batch = 0;
    for await (const r of reqs) {
      if (r.message.case === "flows") {
        yield { decisions: answer(r.message.value.flows.map((f) => f.id), batch++) };
      }
    }
  };
}

test("BadRequest details decode from their wire bytes", () => {
  // BadRequest{field_violations: [{field: "a.b", description: "bad"}]}, encoded by hand.
  const violation = [0x0a, 3, ...Buffer.from("a.b"), 0x12, 3, ...Buffer.from("bad")];
  const bytes = new Uint8Array([0x0a, violation.length, ...violation]);
  const err = new ConnectError("invalid", Code.InvalidArgument);
  err.details.push({ type: "google.rpc.BadRequest", value: bytes });
  err.details.push({ type: "google.rpc.RetryInfo", value: new Uint8Array() });
  assert.deepEqual(fieldViolationsOf(err), [{ field: "a.b", description: "bad" }]);

  const nv = NetverdictError.from(err);
  assert.ok(nv instanceof NetverdictError);
  assert.equal(nv.code, Code.InvalidArgument);
  assert.equal(nv.codeName, "InvalidArgument");
  assert.equal(nv.rawMessage, "invalid");
  assert.equal(nv.message, "[InvalidArgument] invalid");
  assert.deepEqual(nv.fieldViolations, [{ field: "a.b", description: "bad" }]);
  assert.equal(nv.cause, err);

  // And the schema encodes to the same bytes.
  const msg = create(BadRequestSchema, { fieldViolations: [{ field: "a.b", description: "bad" }] });
  assert.deepEqual(toBinary(BadRequestSchema, msg), bytes);
});

test("errors that are not ConnectErrors become Unknown; ours pass through", () => {
  const nv = NetverdictError.from(new Error("boom"));
  assert.ok(nv instanceof NetverdictError);
  assert.equal(nv.code, Code.Unknown);
  assert.deepEqual(nv.fieldViolations, []);
  const pe = new ProtocolError("x");
  assert.equal(NetverdictError.from(pe), pe);
});

test("field violations sent by a server reach NetverdictError", async () => {
  const client = fake((r) =>
    r.service(DecisionService, {
      evaluate() {
        throw new ConnectError("flows[0].destination_port: port 70000 out of range", Code.InvalidArgument, undefined, [
          { desc: BadRequestSchema, value: { fieldViolations: [{ field: "flows[0].destination_port", description: "port 70000 out of range" }] } },
        ]);
      },
    }),
  );
  await assert.rejects(client.evaluate(flows(1)), (err: unknown) => {
    assert.ok(err instanceof NetverdictError);
    assert.equal(err.code, Code.InvalidArgument);
    assert.deepEqual(err.fieldViolations, [{ field: "flows[0].destination_port", description: "port 70000 out of range" }]);
    return true;
  });
});

test("the token interceptor sends authorization: Bearer <token>", async () => {
  const seen: (string | null)[] = [];
  const transport = createRouterTransport(
    (r) =>
      r.service(DecisionService, {
        evaluate(req, ctx) {
          seen.push(ctx.requestHeader.get("authorization"));
          return { decisions: req.flows.map((f) => allow(f.id)) };
        },
      }),
    { transport: { interceptors: [bearerTokenInterceptor("s3cret")] } },
  );
  await NetverdictClient.fromTransport(transport).evaluate(flows(1));
  assert.deepEqual(seen, ["Bearer s3cret"]);
});

test("health uses the hand-built grpc.health.v1 descriptor", async () => {
  assert.equal(HealthService.typeName, "grpc.health.v1.Health");
  const client = fake((r) =>
    r.service(HealthService, {
      check(req) {
        return { status: req.service === "" ? ServingStatus.SERVING : ServingStatus.SERVICE_UNKNOWN };
      },
    }),
  );
  assert.equal(await client.health(), "SERVING");
  assert.equal(await client.health("nope"), "SERVICE_UNKNOWN");
});

test("source helpers", () => {
  assert.deepEqual(snapshotSource("snapshots/abc").source, { case: "snapshot", value: "snapshots/abc" });
  const src = awsDocumentsSource([
    { name: "a.json", content: "{}" },
    { name: "b.json", content: new Uint8Array([0x7b, 0x7d]) },
  ]);
  assert.equal(src.source.case, "awsDocuments");
  const docs = src.source.case === "awsDocuments" ? src.source.value.documents : [];
  assert.deepEqual(
    docs.map((d) => [d.name, Buffer.from(d.content).toString()]),
    [
      ["a.json", "{}"],
      ["b.json", "{}"],
    ],
  );
  // The WAF SearchString encoding is carried per document; unset stays
  // unset (base64 on the server, never guessed).
  const plain = awsDocumentsSource([
    { name: "console.json", content: "{}", searchStringEncoding: SearchStringEncoding.PLAIN },
    { name: "cli.json", content: "{}" },
  ]);
  const plainDocs = plain.source.case === "awsDocuments" ? plain.source.value.documents : [];
  assert.deepEqual(
    plainDocs.map((d) => d.searchStringEncoding),
    [SearchStringEncoding.PLAIN, SearchStringEncoding.UNSPECIFIED],
  );
});

test("evaluate: a wrong number of decisions or a wrong flow id is a ProtocolError", async () => {
  const short = fake((r) => r.service(DecisionService, { evaluate: (req) => ({ decisions: req.flows.slice(1).map((f) => allow(f.id)) }) }));
  await assert.rejects(short.evaluate(flows(3)), (err: unknown) => err instanceof ProtocolError && /2 decisions for 3 flows/.test(err.message));
  const swapped = fake((r) => r.service(DecisionService, { evaluate: (req) => ({ decisions: req.flows.map((f) => allow(f.id)).reverse() }) }));
  await assert.rejects(swapped.evaluate(flows(2)), (err: unknown) => err instanceof ProtocolError && /decision 0 is for flow "f1", want "f0"/.test(err.message));
});

test("evaluateStream sends the config first, then batches of batchSize", async () => {
  const received: string[] = [];
  const client = fake((r) =>
    r.service(DecisionService, {
      async *evaluateStream(reqs) {
        for await (const req of reqs) {
          if (req.message.case === "config") {
            received.push(`config:${req.message.value.source?.source.case}`);
          } else if (req.message.case === "flows") {
            received.push(`flows:${req.message.value.flows.length}`);
            yield { decisions: req.message.value.flows.map((f) => allow(f.id)) };
          }
        }
      },
    }),
  );
  const ds = await drain(client.evaluateStream(flows(7), { source: snapshotSource("snapshots/x"), batchSize: 3 }));
  assert.deepEqual(
    ds.map((d) => d.flowId),
    flows(7).map((f) => f.id),
  );
  assert.deepEqual(received, ["config:snapshot", "flows:3", "flows:3", "flows:1"]);
  await assert.rejects(drain(client.evaluateStream(flows(1), { batchSize: 0 })), RangeError);
});

test("evaluateStream: out of order, extra or missing decisions are ProtocolErrors", async () => {
  const cases: [string, (ids: string[], batch: number) => Decision[], RegExp][] = [
    ["out of order", (ids) => ids.map(allow).reverse(), /decision 0 is for flow "f1", want "f0"/],
    ["extra", (ids) => [...ids, "extra"].map(allow), /decision 2 \(flow "extra"\) is more than the flows sent/],
    ["missing", (ids) => ids.slice(0, 1).map(allow), /stream ended after 1 decisions, flow "f1" unanswered/],
  ];
  for (const [name, answer, want] of cases) {
    const client = fake((r) => r.service(DecisionService, { evaluateStream: streamHandler(answer) }));
    await assert.rejects(drain(client.evaluateStream(flows(2))), (err: unknown) => {
      assert.ok(err instanceof ProtocolError, `${name}: got ${String(err)}`);
      assert.match(err.message, want, name);
      return true;
    });
  }
});

test("evaluateStream: a server that ends the stream before reading every flow is a ProtocolError", async () => {
  const client = fake((r) =>
    r.service(DecisionService, {
      async *evaluateStream(reqs) {
        for await (const req of reqs) {
          if (req.message.case === "flows") {
            yield { decisions: req.message.value.flows.map((f) => allow(f.id)) };
            return; // stop after the first batch, with OK
          }
        }
      },
    }),
  );
  await assert.rejects(drain(client.evaluateStream(flows(10), { batchSize: 2 })), ProtocolError);
});

test("listSnapshots pages until the last page and refuses a repeated page token", async () => {
  const pages: Record<string, { names: string[]; next: string }> = {
    "": { names: ["snapshots/a", "snapshots/b"], next: "t1" },
    t1: { names: ["snapshots/c"], next: "" },
  };
  const client = fake((r) =>
    r.service(SnapshotService, {
      listSnapshots(req) {
        const page = pages[req.pageToken]!;
        return { snapshots: page.names.map((name) => ({ name })), nextPageToken: page.next };
      },
    }),
  );
  assert.deepEqual(
    (await drain(client.listSnapshots({ pageSize: 2 }))).map((s) => s.name),
    ["snapshots/a", "snapshots/b", "snapshots/c"],
  );

  const looping = fake((r) => r.service(SnapshotService, { listSnapshots: () => ({ snapshots: [{ name: "snapshots/a" }], nextPageToken: "same" }) }));
  await assert.rejects(drain(looping.listSnapshots()), ProtocolError);
});
