// netverdict TypeScript client: a typed wrapper over the generated
// netverdict.v1 stubs (protoc-gen-es) and Connect-ES's gRPC transport for
// Node.js (plain gRPC over HTTP/2, optionally TLS and mutual TLS).

import { readFile } from "node:fs/promises";
import type { SecureClientSessionOptions } from "node:http2";

import { create, fromJson, fromJsonString, toJson } from "@bufbuild/protobuf";
import type { JsonValue, MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import type { CallOptions as ConnectCallOptions, Client, Interceptor, Transport } from "@connectrpc/connect";
import { Http2SessionManager, createGrpcTransport } from "@connectrpc/connect-node";

import { BadRequestSchema, HealthService, ServingStatus } from "./descriptors.js";
import { ConfigSourceSchema } from "./gen/netverdict/v1/config_pb.js";
import type { AwsDocumentSchema, ConfigSource, NetworkConfigSchema, SearchStringEncoding } from "./gen/netverdict/v1/config_pb.js";
import { DecisionSchema } from "./gen/netverdict/v1/decision_pb.js";
import type { Decision, EvaluationOptionsSchema } from "./gen/netverdict/v1/decision_pb.js";
import { DecisionService } from "./gen/netverdict/v1/decision_service_pb.js";
import type { EvaluateStreamRequestSchema } from "./gen/netverdict/v1/decision_service_pb.js";
import { FlowSchema } from "./gen/netverdict/v1/flow_pb.js";
import type { Flow } from "./gen/netverdict/v1/flow_pb.js";
import { SnapshotService } from "./gen/netverdict/v1/snapshot_service_pb.js";
import type { CreateSnapshotResponse, Snapshot } from "./gen/netverdict/v1/snapshot_service_pb.js";

export * from "./gen/netverdict/v1/config_pb.js";
export * from "./gen/netverdict/v1/decision_pb.js";
export * from "./gen/netverdict/v1/decision_service_pb.js";
export * from "./gen/netverdict/v1/flow_pb.js";
export * from "./gen/netverdict/v1/snapshot_service_pb.js";
export { BadRequestSchema, HealthService, ServingStatus } from "./descriptors.js";
export type { BadRequestMessage, FieldViolationMessage } from "./descriptors.js";
export { Code, ConnectError } from "@connectrpc/connect";

/** How many flows evaluateStream puts in one stream message by default. */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Most flows evaluateStream keeps the ids of while their decisions are
 * outstanding; when reached, sending waits for decisions. HTTP/2 flow
 * control normally keeps the number far lower.
 */
const MAX_UNANSWERED_FLOWS = 1 << 20;

/** A flow as a message or as an object literal of its fields. */
export type FlowInit = MessageInitShape<typeof FlowSchema>;
/** A configuration source as a message or as an object literal. */
export type ConfigSourceInit = MessageInitShape<typeof ConfigSourceSchema>;
/** Evaluation options as a message or as an object literal. */
export type EvaluationOptionsInit = MessageInitShape<typeof EvaluationOptionsSchema>;
/** A typed network configuration as a message or as an object literal. */
export type NetworkConfigInit = MessageInitShape<typeof NetworkConfigSchema>;

/** TLS settings; any of them may be omitted (system roots, no client certificate). */
export interface TlsOptions {
  /** PEM CA certificate(s) to verify the server with, instead of the system roots. */
  ca?: string | Buffer;
  /** PEM client certificate, for servers that require mutual TLS. */
  cert?: string | Buffer;
  /** PEM private key of cert. */
  key?: string | Buffer;
  /** Name to verify the server certificate against, when not the address's host. */
  serverName?: string;
}

/** Options of NetverdictClient.connect. */
export interface ConnectOptions {
  /**
   * The server: "host:port" ("127.0.0.1:50051", "[::1]:50051"), or a URL
   * ("http://host:port", "https://host:port").
   */
  address: string;
  /** Use TLS with these settings ({} for the system roots). Plaintext when unset. */
  tls?: TlsOptions;
  /** Bearer token sent as "authorization: Bearer <token>" on every call. */
  token?: string;
  /**
   * Default deadline, in milliseconds, of the unary calls (evaluate, the
   * snapshot calls, health). Streams have no default deadline: pass
   * timeoutMs to evaluateStream to set one.
   */
  timeoutMs?: number;
  /** More interceptors, run after the token interceptor. */
  interceptors?: Interceptor[];
}

/** Per-call options. */
export type CallOptions = Pick<ConnectCallOptions, "timeoutMs" | "signal" | "headers">;

/** Options of evaluate. */
export interface EvaluateOptions extends CallOptions {
  /** Where the configuration comes from; the server's default configuration when unset. */
  source?: ConfigSourceInit;
  /** Evaluation options; server defaults when unset. */
  options?: EvaluationOptionsInit;
}

/** Options of evaluateStream. */
export interface EvaluateStreamOptions extends EvaluateOptions {
  /** Flows per stream message (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
}

/** One invalid field of a request (google.rpc.BadRequest.FieldViolation). */
export interface FieldViolation {
  /** Path of the field, such as "flows[0].destination_port". */
  field: string;
  /** Why it is invalid. */
  description: string;
}

/**
 * An error status from the server (or from the transport: Unavailable,
 * DeadlineExceeded, Canceled, ...), with the field violations of an
 * InvalidArgument error.
 */
export class NetverdictError extends Error {
  override name = "NetverdictError";
  /** The gRPC status code; compare with Code (Code.InvalidArgument, ...). */
  readonly code: Code;
  /** The status message without the "[code]" prefix of message. */
  readonly rawMessage: string;
  /** The google.rpc.BadRequest field violations, if any. */
  readonly fieldViolations: FieldViolation[];
  /** Response headers and trailers of the failed call. */
  readonly metadata: Headers;

  constructor(code: Code, rawMessage: string, fieldViolations: FieldViolation[] = [], metadata = new Headers(), cause?: unknown) {
    super(`[${codeName(code)}] ${rawMessage}`, { cause });
    this.code = code;
    this.rawMessage = rawMessage;
    this.fieldViolations = fieldViolations;
    this.metadata = metadata;
  }

  /** The code's name: "InvalidArgument", "NotFound", ... */
  get codeName(): string {
    return codeName(this.code);
  }

  /**
   * Converts any error to a NetverdictError (a ConnectError keeps its code
   * and details; anything else becomes Unknown, or Canceled for an abort).
   * NetverdictErrors and ProtocolErrors are returned as they are.
   */
  static from(err: unknown): NetverdictError | ProtocolError {
    if (err instanceof NetverdictError || err instanceof ProtocolError) {
      return err;
    }
    const ce = ConnectError.from(err);
    return new NetverdictError(ce.code, ce.rawMessage, fieldViolationsOf(ce), ce.metadata, err);
  }
}

/**
 * The server broke the API's contract: decisions that do not match the
 * flows one for one and in order, or a repeated page token.
 */
export class ProtocolError extends Error {
  override name = "ProtocolError";
  constructor(message: string) {
    super(`netverdict: protocol violation by the server: ${message}`);
  }
}

function codeName(code: Code): string {
  return Code[code] ?? `Code(${code})`;
}

/** The field violations of every google.rpc.BadRequest detail of err. */
export function fieldViolationsOf(err: ConnectError): FieldViolation[] {
  return err.findDetails(BadRequestSchema).flatMap((br) =>
    br.fieldViolations.map((v) => ({ field: v.field, description: v.description })),
  );
}

/** An interceptor that sends "authorization: Bearer <token>" with every call. */
export function bearerTokenInterceptor(token: string): Interceptor {
  const value = `Bearer ${token}`;
  return (next) => async (req) => {
    req.header.set("authorization", value);
    return next(req);
  };
}

/** A ConfigSource naming a stored snapshot ("snapshots/{digest}"). */
export function snapshotSource(name: string): ConfigSource {
  return create(ConfigSourceSchema, { source: { case: "snapshot", value: name } });
}

/** One AWS CLI / API JSON document; string content is sent as UTF-8. */
export interface AwsDocumentInit {
  name: string;
  content: Uint8Array | string;
  /**
   * How WAF SearchStrings are written: unset means base64, as the AWS CLI
   * prints them; SearchStringEncoding.PLAIN for the console's JSON. The
   * server never guesses.
   */
  searchStringEncoding?: SearchStringEncoding;
}

/**
 * A ConfigSource of raw AWS CLI / API JSON documents (describe-vpcs,
 * describe-security-groups, ...), which the server imports and merges in
 * order.
 */
export function awsDocumentsSource(documents: readonly AwsDocumentInit[]): ConfigSource {
  const encoder = new TextEncoder();
  const docs: MessageInitShape<typeof AwsDocumentSchema>[] = documents.map(
    (d) => ({
      name: d.name,
      content: typeof d.content === "string" ? encoder.encode(d.content) : d.content,
      searchStringEncoding: d.searchStringEncoding,
    }),
  );
  return create(ConfigSourceSchema, { source: { case: "awsDocuments", value: { documents: docs } } });
}

/** Reads AWS CLI / API JSON files into a ConfigSource; each document is named by its path. */
export async function awsFilesSource(paths: readonly string[]): Promise<ConfigSource> {
  if (paths.length === 0) {
    throw new Error("netverdict: awsFilesSource: no files");
  }
  const docs = await Promise.all(paths.map(async (p) => ({ name: p, content: new Uint8Array(await readFile(p)) })));
  return awsDocumentsSource(docs);
}

/** A ConfigSource of a typed configuration. */
export function networkConfigSource(config: NetworkConfigInit): ConfigSource {
  return create(ConfigSourceSchema, { source: { case: "networkConfig", value: config } });
}

/** Parses a Flow from its proto JSON (a string or a parsed value). */
export function flowFromJson(json: string | JsonValue): Flow {
  return typeof json === "string" ? fromJsonString(FlowSchema, json) : fromJson(FlowSchema, json);
}

/** Parses JSON lines of Flows (blank lines skipped). */
export function flowsFromJsonLines(text: string): Flow[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => flowFromJson(line));
}

/** A decision's proto JSON, as `netverdict eval` prints it. */
export function decisionToJson(decision: Decision): JsonValue {
  return toJson(DecisionSchema, decision);
}

/** The status of a grpc.health.v1 Check: "SERVING", "NOT_SERVING", ... */
export type HealthStatus = keyof typeof ServingStatus;

/** Options of listSnapshots. */
export interface ListSnapshotsOptions extends CallOptions {
  /** Snapshots per page (0 or unset: the server's default, 100). */
  pageSize?: number;
}

/**
 * A netverdict client. Create it with NetverdictClient.connect, which does
 * not connect yet: the HTTP/2 connection is opened by the first call and
 * reopened as needed. Close it when done.
 */
export class NetverdictClient {
  /** The generated DecisionService client, for calls the wrapper does not cover. */
  readonly decisions: Client<typeof DecisionService>;
  /** The generated SnapshotService client. */
  readonly snapshots: Client<typeof SnapshotService>;
  private readonly healthClient: Client<typeof HealthService>;
  private readonly session: Http2SessionManager | undefined;
  private readonly timeoutMs: number | undefined;

  private constructor(transport: Transport, session: Http2SessionManager | undefined, timeoutMs: number | undefined) {
    this.decisions = createClient(DecisionService, transport);
    this.snapshots = createClient(SnapshotService, transport);
    this.healthClient = createClient(HealthService, transport);
    this.session = session;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Creates a client for the server at options.address over gRPC (HTTP/2,
   * TLS when options.tls is set). No connection is made yet.
   */
  static connect(options: ConnectOptions): NetverdictClient {
    const baseUrl = baseUrlOf(options.address, options.tls !== undefined);
    const nodeOptions = options.tls === undefined ? {} : tlsNodeOptions(options.tls);
    const session = new Http2SessionManager(baseUrl, {}, nodeOptions);
    const interceptors: Interceptor[] = [];
    if (options.token !== undefined) {
      interceptors.push(bearerTokenInterceptor(options.token));
    }
    interceptors.push(...(options.interceptors ?? []));
    const transport = createGrpcTransport({ baseUrl, sessionManager: session, interceptors });
    return new NetverdictClient(transport, session, options.timeoutMs);
  }

  /**
   * Creates a client on a Connect transport made elsewhere (another
   * protocol, custom HTTP/2 settings, an in-memory router transport in
   * tests). close() does not close it.
   */
  static fromTransport(transport: Transport, options: { timeoutMs?: number } = {}): NetverdictClient {
    return new NetverdictClient(transport, undefined, options.timeoutMs);
  }

  /** Closes the connection (of a client made by connect); calls in progress fail. */
  close(): void {
    this.session?.abort();
  }

  /**
   * Judges flows with DecisionService.Evaluate and returns one decision per
   * flow, in order. The request must fit the server's limits (10,000 flows
   * by default); use evaluateStream for more.
   */
  async evaluate(flows: readonly FlowInit[], opts: EvaluateOptions = {}): Promise<Decision[]> {
    const msgs = flows.map((f) => create(FlowSchema, f));
    const resp = await this.unary(() =>
      this.decisions.evaluate({ config: opts.source, flows: msgs, options: opts.options }, this.callOptions(opts)),
    );
    if (resp.decisions.length !== msgs.length) {
      throw new ProtocolError(`${resp.decisions.length} decisions for ${msgs.length} flows`);
    }
    resp.decisions.forEach((d, i) => checkFlowId(d, msgs[i]!.id, i));
    return resp.decisions;
  }

  /**
   * Judges any number of flows with one DecisionService.EvaluateStream call
   * and yields their decisions in flow order as they arrive. The first
   * stream message carries the source and options, then flows follow in
   * batches of batchSize. Sending is paced by HTTP/2 flow control, so
   * memory stays bounded however many flows there are.
   *
   * Each decision is checked against the ids of the flows sent: decisions
   * for other flows, out of order, too many or too few throw a
   * ProtocolError. A server error throws a NetverdictError; an error thrown
   * by the flows iterable is rethrown as it is. Stopping early (break)
   * cancels the stream.
   */
  async *evaluateStream(
    flows: AsyncIterable<FlowInit> | Iterable<FlowInit>,
    opts: EvaluateStreamOptions = {},
  ): AsyncGenerator<Decision, void, undefined> {
    const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`netverdict: batch size ${batchSize} is not a positive integer`);
    }
    const abort = new AbortController();
    const stopOnCallerAbort = () => abort.abort(opts.signal?.reason);
    if (opts.signal?.aborted) {
      stopOnCallerAbort();
    }
    opts.signal?.addEventListener("abort", stopOnCallerAbort, { once: true });
    const pending = new PendingIds(MAX_UNANSWERED_FLOWS);
    const sender: { error?: { value: unknown } } = {};

    async function* requests(): AsyncGenerator<MessageInitShape<typeof EvaluateStreamRequestSchema>> {
      yield { message: { case: "config", value: { source: opts.source, options: opts.options } } };
      for await (const batch of batchesOf(flows, batchSize, sender)) {
        await pending.waitForRoom(abort.signal);
        if (abort.signal.aborted) {
          return;
        }
        // The ids go in before the batch is sent, so that they are there
        // when its decisions arrive.
        pending.push(batch.map((f) => f.id));
        yield { message: { case: "flows", value: { flows: batch } } };
      }
      pending.done = true;
    }

    let received = 0;
    try {
      const responses = this.decisions.evaluateStream(requests(), {
        timeoutMs: opts.timeoutMs,
        headers: opts.headers,
        signal: abort.signal,
      });
      for await (const resp of responses) {
        for (const d of resp.decisions) {
          const want = pending.shift();
          if (want === undefined) {
            throw new ProtocolError(`decision ${received} (flow ${JSON.stringify(d.flowId)}) is more than the flows sent`);
          }
          checkFlowId(d, want, received);
          received++;
          yield d;
        }
      }
      if (pending.length > 0) {
        throw new ProtocolError(`stream ended after ${received} decisions, flow ${JSON.stringify(pending.peek())} unanswered`);
      }
      if (!pending.done) {
        throw new ProtocolError(`stream ended after ${received} decisions, before all flows were sent`);
      }
    } catch (err) {
      if (sender.error !== undefined) {
        throw sender.error.value;
      }
      throw NetverdictError.from(err);
    } finally {
      opts.signal?.removeEventListener("abort", stopOnCallerAbort);
      abort.abort();
      pending.release();
    }
  }

  /**
   * Imports, validates and stores a configuration as a snapshot; returns
   * the snapshot and whether it was new (false when the same content was
   * already stored).
   */
  async createSnapshot(source: ConfigSourceInit, opts: CallOptions = {}): Promise<CreateSnapshotResponse> {
    return this.unary(() => this.snapshots.createSnapshot({ config: source }, this.callOptions(opts)));
  }

  /** A stored snapshot's metadata, by name ("snapshots/{digest}"). */
  async getSnapshot(name: string, opts: CallOptions = {}): Promise<Snapshot> {
    const resp = await this.unary(() => this.snapshots.getSnapshot({ name }, this.callOptions(opts)));
    if (resp.snapshot === undefined) {
      throw new ProtocolError(`GetSnapshot(${JSON.stringify(name)}) returned no snapshot`);
    }
    return resp.snapshot;
  }

  /** Every stored snapshot, by name, fetched a page at a time as iteration proceeds. */
  async *listSnapshots(opts: ListSnapshotsOptions = {}): AsyncGenerator<Snapshot, void, undefined> {
    const seen = new Set<string>();
    let pageToken = "";
    do {
      const token = pageToken;
      const resp = await this.unary(() =>
        this.snapshots.listSnapshots({ pageSize: opts.pageSize ?? 0, pageToken: token }, this.callOptions(opts)),
      );
      yield* resp.snapshots;
      pageToken = resp.nextPageToken;
      if (pageToken !== "") {
        if (seen.has(pageToken)) {
          throw new ProtocolError(`ListSnapshots repeated page token ${JSON.stringify(pageToken)}`);
        }
        seen.add(pageToken);
      }
    } while (pageToken !== "");
  }

  /** Deletes a stored snapshot. */
  async deleteSnapshot(name: string, opts: CallOptions = {}): Promise<void> {
    await this.unary(() => this.snapshots.deleteSnapshot({ name }, this.callOptions(opts)));
  }

  /**
   * The server's health (grpc.health.v1.Health/Check) for service, "" for
   * the whole server.
   */
  async health(service = "", opts: CallOptions = {}): Promise<HealthStatus> {
    const resp = await this.unary(() => this.healthClient.check({ service }, this.callOptions(opts)));
    return (ServingStatus[resp.status] as HealthStatus | undefined) ?? "UNKNOWN";
  }

  private callOptions(opts: CallOptions): ConnectCallOptions {
    return { timeoutMs: opts.timeoutMs ?? this.timeoutMs, signal: opts.signal, headers: opts.headers };
  }

  private async unary<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw NetverdictError.from(err);
    }
  }
}

/**
 * The flows as messages in batches of size (the last one shorter). An error
 * thrown by the caller's iterable (or by a flow that is not a valid
 * message) is recorded in sender before it ends the stream, so that it is
 * rethrown as it is rather than as the Canceled status it causes. A sync
 * iterable is read without an await per flow.
 */
async function* batchesOf(
  flows: AsyncIterable<FlowInit> | Iterable<FlowInit>,
  size: number,
  sender: { error?: { value: unknown } },
): AsyncGenerator<Flow[]> {
  let batch: Flow[] = [];
  try {
    if (Symbol.asyncIterator in flows) {
      for await (const f of flows) {
        batch.push(create(FlowSchema, f));
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    } else {
      for (const f of flows) {
        batch.push(create(FlowSchema, f));
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    }
  } catch (err) {
    sender.error = { value: err };
    throw err;
  }
  if (batch.length > 0) {
    yield batch;
  }
}

function checkFlowId(d: Decision, want: string, index: number): void {
  if (d.flowId !== want) {
    throw new ProtocolError(`decision ${index} is for flow ${JSON.stringify(d.flowId)}, want ${JSON.stringify(want)}`);
  }
}

function baseUrlOf(address: string, tls: boolean): string {
  if (/^https?:\/\//.test(address)) {
    return address;
  }
  return `${tls ? "https" : "http"}://${address}`;
}

function tlsNodeOptions(tls: TlsOptions): SecureClientSessionOptions {
  const o: SecureClientSessionOptions = {};
  if (tls.ca !== undefined) o.ca = tls.ca;
  if (tls.cert !== undefined) o.cert = tls.cert;
  if (tls.key !== undefined) o.key = tls.key;
  if (tls.serverName !== undefined) o.servername = tls.serverName;
  return o;
}

/**
 * The ids of the flows sent and not yet answered, batch by batch, in
 * order. The sender waits for room when limit ids are outstanding.
 */
class PendingIds {
  /** True once every flow was sent. */
  done = false;
  length = 0;
  private readonly batches: string[][] = [];
  private head = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  push(ids: string[]): void {
    if (ids.length > 0) {
      this.batches.push(ids);
      this.length += ids.length;
    }
  }

  peek(): string | undefined {
    return this.batches[0]?.[this.head];
  }

  shift(): string | undefined {
    const batch = this.batches[0];
    if (batch === undefined) {
      return undefined;
    }
    const id = batch[this.head++];
    if (this.head === batch.length) {
      this.batches.shift();
      this.head = 0;
    }
    this.length--;
    if (this.length < this.limit) {
      this.release();
    }
    return id;
  }

  /** Resolves when fewer than limit ids are outstanding, or on abort. */
  async waitForRoom(signal: AbortSignal): Promise<void> {
    while (this.length >= this.limit && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Wakes a waiting sender. */
  release(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
