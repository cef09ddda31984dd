"""Shared helpers of the end-to-end tests: the netverdict binary and a real server.

The binary is $NETVERDICT_BIN, or one built once with ``go build`` from the
repository root, removed when the interpreter exits (not at the end of the
first test module, which would pull it from under the next one).
"""

from __future__ import annotations

import atexit
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

REPO = HERE.parents[2]
START_TIMEOUT = 20.0
STOP_TIMEOUT = 40.0

_build_dir: tempfile.TemporaryDirectory[str] | None = None
_binary: str | None = None


def netverdict_bin() -> str:
    """Returns the netverdict binary: $NETVERDICT_BIN, or one built once with go build."""
    global _binary, _build_dir
    if _binary is None:
        env = os.environ.get("NETVERDICT_BIN")
        if env:
            _binary = env
        else:
            _build_dir = tempfile.TemporaryDirectory(prefix="netverdict-bin-")
            atexit.register(_build_dir.cleanup)
            out = os.path.join(_build_dir.name, "netverdict")
            subprocess.run(["go", "build", "-o", out, "./cmd/netverdict"], cwd=REPO, check=True)
            _binary = out
    return _binary


class Server:
    """A ``netverdict serve`` subprocess on a free loopback port."""

    def __init__(self, *args: str) -> None:
        self._stderr = tempfile.TemporaryFile(mode="w+")
        cmd = [netverdict_bin(), "serve", "--listen", "127.0.0.1:0", "--metrics-listen", "", *args]
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        lines: queue.Queue[str | None] = queue.Queue()

        def read_stdout() -> None:  # keeps draining stdout until the server exits
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read_stdout, daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        prefix = "netverdict serving gRPC on "
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = lines.get(timeout=max(remaining, 0.01)) if remaining > 0 else None
            except queue.Empty:
                line = None
            if line is None:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError(f"{' '.join(cmd)}: no {prefix!r} line within {START_TIMEOUT}s; "
                                   f"stderr:\n{self.stderr()}")
            if line.startswith(prefix):
                self.address = line[len(prefix):].split()[0]
                return

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()

    def stop(self) -> int:
        """Stops the server with SIGTERM and returns its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            if self.proc.stdout is not None:
                self.proc.stdout.close()


class ServerTestCase(unittest.TestCase):
    """Starts a server (with server_args) for the class and stops it after."""

    server_args: tuple[str, ...] = ()
    server: Server

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = Server(*cls.server_args)

    @classmethod
    def tearDownClass(cls) -> None:
        code = cls.server.stop()
        if code != 0:
            raise AssertionError(f"server exited with {code}; stderr:\n{cls.server.stderr()}")
