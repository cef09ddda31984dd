// Test helpers: the real netverdict server as a child process, and the
// in-process CLI (`netverdict eval`) to compare with.

import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileP = promisify(execFile);

/** The repository root (this file is clients/typescript/dist/testutil/server.js). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
/** examples/flows.jsonl of the repository. */
export const exampleFlowsPath = join(repoRoot, "examples", "flows.jsonl");

/** The example network's AWS CLI JSON files, sorted by name. */
export async function exampleNetworkFiles(): Promise<string[]> {
  const dir = join(repoRoot, "examples", "network");
  return (await readdir(dir))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(dir, f));
}

let binPromise: Promise<string> | undefined;

/**
 * The netverdict binary: $NETVERDICT_BIN, or one built with go build into a
 * temporary directory (removed when the process exits).
 */
export function netverdictBin(): Promise<string> {
  binPromise ??= (async () => {
    const env = process.env["NETVERDICT_BIN"];
    if (env !== undefined && env !== "") {
      return env;
    }
    const dir = await mkdtemp(join(tmpdir(), "netverdict-ts-bin-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, "netverdict");
    await execFileP("go", ["build", "-o", out, "./cmd/netverdict"], { cwd: repoRoot, maxBuffer: 16 << 20 });
    return out;
  })();
  return binPromise;
}

/** A running `netverdict serve`. */
export interface Server {
  /** The gRPC address it serves on ("127.0.0.1:PORT"). */
  address: string;
  child: ChildProcess;
  /** The last stderr output (access logs), for failure messages. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code (null if killed by a signal). */
  stop(): Promise<number | null>;
}

const STARTUP_TIMEOUT_MS = 20_000;
const SHUTDOWN_TIMEOUT_MS = 40_000;

/**
 * Starts `netverdict serve --listen 127.0.0.1:0 --metrics-listen "" ...args`
 * and waits (at most 20 s) for its "netverdict serving gRPC on ADDR" line.
 */
export async function startServer(args: readonly string[] = []): Promise<Server> {
  const bin = await netverdictBin();
  const child = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--metrics-listen", "", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-64 * 1024);
  });
  const exited = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code) => resolveExit(code));
  });

  const address = await new Promise<string>((resolveAddr, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`netverdict serve did not report its address within ${STARTUP_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    // Keep reading stdout to the end so that the server never blocks on it.
    lines.on("line", (line) => {
      const m = /^netverdict serving gRPC on (\S+)/.exec(line);
      if (m !== null) {
        clearTimeout(timer);
        resolveAddr(m[1]!);
      }
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`netverdict serve exited with ${code} before serving; stderr:\n${stderr}`));
    });
  });

  let stopping: Promise<number | null> | undefined;
  return {
    address,
    child,
    stderr: () => stderr,
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
        }
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`netverdict serve did not stop within ${SHUTDOWN_TIMEOUT_MS} ms of SIGTERM`));
          }, SHUTDOWN_TIMEOUT_MS);
        });
        try {
          return await Promise.race([exited, timeout]);
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}

/** Runs `netverdict ...args` and returns its stdout. */
export async function runCli(args: readonly string[]): Promise<string> {
  const bin = await netverdictBin();
  const { stdout } = await execFileP(bin, [...args], { cwd: repoRoot, maxBuffer: 64 << 20 });
  return stdout;
}

/** `netverdict eval` in process on the example network and flows: one Decision JSON per flow. */
export async function cliDecisions(): Promise<unknown[]> {
  const configs = (await exampleNetworkFiles()).flatMap((f) => ["--config", f]);
  const out = await runCli(["eval", ...configs, "--flows", exampleFlowsPath]);
  return out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);
}
