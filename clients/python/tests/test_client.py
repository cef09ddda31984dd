"""End-to-end tests of netverdict_client against the real server.

Each test class starts ``$NETVERDICT_BIN serve`` (built with ``go build``
from the repository root when NETVERDICT_BIN is unset) on a free loopback
port, talks to it through the client, and stops it with SIGTERM, expecting
a clean exit. Run from clients/python:

    NETVERDICT_BIN=../../bin/netverdict python3 -m unittest discover -s tests -t . -v
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import REPO, ServerTestCase, netverdict_bin  # noqa: E402

from google.protobuf import json_format  # noqa: E402

import netverdict_client as nv  # noqa: E402

EXAMPLES = REPO / "examples"
NETWORK_FILES = sorted((EXAMPLES / "network").glob("*.json"))
FLOWS_FILE = EXAMPLES / "flows.jsonl"


def example_flows() -> list[dict[str, Any]]:
    with open(FLOWS_FILE) as f:
        return [json.loads(line) for line in f if line.strip()]


def cli_decisions() -> list[dict[str, Any]]:
    """The decisions of the example flows, evaluated in process by the CLI."""
    cmd = [netverdict_bin(), "eval"]
    for p in NETWORK_FILES:
        cmd += ["--config", str(p.relative_to(REPO))]
    cmd += ["--flows", str(FLOWS_FILE.relative_to(REPO)), "--output", "json"]
    out = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def as_dicts(decisions: list[nv.Decision]) -> list[dict[str, Any]]:
    return [json_format.MessageToDict(d) for d in decisions]


class ClientTest(ServerTestCase):
    """The client against a plain (no TLS, no auth) server with the example network."""

    cli: list[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.cli = cli_decisions()
        cls.client = nv.Client(cls.server.address, timeout=30)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.client.close()
        super().tearDownClass()

    def test_health(self) -> None:
        self.assertEqual(self.client.health(), "SERVING")

    def test_cli_output_is_the_example(self) -> None:
        self.assertEqual(len(self.cli), len(example_flows()))
        self.assertEqual({d["verdict"] for d in self.cli},
                         {"VERDICT_ALLOW", "VERDICT_DENY", "VERDICT_INDETERMINATE"})

    def test_evaluate_default_config_matches_cli(self) -> None:
        # The server's default configuration is the built-in example network.
        decisions = self.client.evaluate(example_flows())
        self.assertEqual(as_dicts(decisions), self.cli)

    def test_evaluate_flow_messages(self) -> None:
        flows = [json_format.ParseDict(f, nv.Flow()) for f in example_flows()]
        self.assertEqual(as_dicts(self.client.evaluate(flows)), self.cli)

    def test_evaluate_aws_documents_from_paths(self) -> None:
        decisions = self.client.evaluate(example_flows(), aws_documents=[str(p) for p in NETWORK_FILES])
        self.assertEqual(as_dicts(decisions), self.cli)

    def test_evaluate_aws_documents_from_directory(self) -> None:
        decisions = self.client.evaluate(example_flows(), aws_documents=[EXAMPLES / "network"])
        self.assertEqual(as_dicts(decisions), self.cli)

    def test_evaluate_aws_documents_from_bytes(self) -> None:
        docs = [(p.name, p.read_bytes()) for p in NETWORK_FILES]
        decisions = self.client.evaluate(example_flows(), aws_documents=docs)
        self.assertEqual(as_dicts(decisions), self.cli)

    def test_evaluate_views(self) -> None:
        verdicts = self.client.evaluate(example_flows(), view="VERDICT")
        self.assertEqual([(d.flow_id, nv.Verdict.Name(d.verdict)) for d in verdicts],
                         [(d["flowId"], d["verdict"]) for d in self.cli])
        self.assertTrue(all(not d.checks for d in verdicts))
        basic = self.client.evaluate(example_flows(), options={"view": "DECISION_VIEW_BASIC"})
        self.assertEqual([len(d.checks) for d in basic], [len(d["checks"]) for d in self.cli])
        self.assertTrue(all(not c.reason for d in basic for c in d.checks))

    def test_evaluate_stream_in_order(self) -> None:
        examples = example_flows()
        want = {d["flowId"]: d for d in self.cli}
        n = 20_000

        def flows():
            for i, f in zip(range(n), itertools.cycle(examples)):
                yield dict(f, id=f"{i}/{f['id']}")

        count = 0
        for i, d in enumerate(self.client.evaluate_stream(flows(), aws_documents=NETWORK_FILES,
                                                          batch_size=700)):
            orig = examples[i % len(examples)]["id"]
            self.assertEqual(d.flow_id, f"{i}/{orig}")
            expected = dict(want[orig], flowId=d.flow_id)
            if i < 2 * len(examples) or i % 997 == 0:
                self.assertEqual(json_format.MessageToDict(d), expected)
            else:
                self.assertEqual(nv.Verdict.Name(d.verdict), expected["verdict"])
                self.assertEqual(len(d.checks), len(expected["checks"]))
            count += 1
        self.assertEqual(count, n)

    def test_evaluate_stream_stops_early(self) -> None:
        flows = ({"id": str(i), "source": {"ip": "10.0.1.20"}, "destination": {"ip": "10.0.2.30"},
                  "protocol": "tcp", "destinationPort": 8080} for i in itertools.count())
        stream = self.client.evaluate_stream(flows, view="VERDICT")
        got = [d.flow_id for d in itertools.islice(stream, 2500)]
        stream.close()  # cancels the endless stream
        self.assertEqual(got, [str(i) for i in range(2500)])
        self.assertEqual(self.client.health(), "SERVING")

    def test_evaluate_stream_bad_flow(self) -> None:
        flows = [dict(f, id=str(i)) for i, f in enumerate(example_flows() * 300)]
        flows[1234]["destinationPort"] = 70000
        with self.assertRaises(nv.InvalidArgument) as cm:
            for _ in self.client.evaluate_stream(flows, batch_size=500):
                pass
        self.assertIn("flows[1234].destination_port", [v.field for v in cm.exception.field_violations])

    def test_evaluate_stream_unconvertible_flow(self) -> None:
        def flows():
            yield from example_flows()[:3]
            yield {"id": "bad", "no_such_field": 1}

        got: list[str] = []
        with self.assertRaises(json_format.ParseError):
            for d in self.client.evaluate_stream(flows()):
                got.append(d.flow_id)
        self.assertEqual(got, [f["id"] for f in example_flows()[:3]])

    def test_bad_flow_is_invalid_argument(self) -> None:
        flow = dict(example_flows()[0], destinationPort=70000)
        with self.assertRaises(nv.InvalidArgument) as cm:
            self.client.evaluate([flow])
        err = cm.exception
        self.assertEqual(err.code.name, "INVALID_ARGUMENT")
        self.assertEqual(err.field_violations[0].field, "flows[0].destination_port")
        self.assertIn("70000", err.field_violations[0].description)
        self.assertIsInstance(err, nv.NetverdictError)

    def test_bad_aws_document_is_invalid_argument(self) -> None:
        docs = [(p.name, p.read_bytes()) for p in NETWORK_FILES]
        docs.append(("broken.json", b'{"SecurityGroups": [{"GroupId": 5}]}'))
        with self.assertRaises(nv.InvalidArgument) as cm:
            self.client.evaluate(example_flows(), aws_documents=docs)
        fields = [v.field for v in cm.exception.field_violations]
        self.assertTrue(fields, cm.exception)
        self.assertTrue(fields[0].startswith("config.aws_documents.documents["), fields)

    def test_unknown_snapshot_is_not_found(self) -> None:
        name = "snapshots/" + "0" * 64
        with self.assertRaises(nv.NotFound):
            self.client.get_snapshot(name)
        with self.assertRaises(nv.NotFound):
            self.client.evaluate(example_flows(), snapshot=name)

    def test_snapshot_lifecycle(self) -> None:
        config = {
            "vpcs": [{"id": "vpc-0lifecycle", "cidrBlocks": ["10.99.0.0/16"]}],
            "subnets": [{"id": "subnet-0lifecycle", "vpcId": "vpc-0lifecycle", "cidrBlocks": ["10.99.1.0/24"]}],
            "networkInterfaces": [{"id": "eni-0lifecycle", "subnetId": "subnet-0lifecycle",
                                   "vpcId": "vpc-0lifecycle", "privateIpAddresses": ["10.99.1.5"],
                                   "securityGroupIds": ["sg-0lifecycle"]}],
            "securityGroups": [{"id": "sg-0lifecycle", "vpcId": "vpc-0lifecycle", "rules": [
                {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidr": "0.0.0.0/0"},
                {"egress": True, "ipProtocol": "-1", "cidr": "0.0.0.0/0"}]}],
        }
        snap = self.client.create_snapshot(network_config=config)
        self.assertEqual(snap.name, "snapshots/" + snap.digest)
        self.assertEqual(snap.resource_counts.vpcs, 1)
        self.assertEqual(snap.resource_counts.network_interfaces, 1)
        self.assertEqual(snap.resource_counts.security_group_rules, 2)
        self.assertTrue(snap.HasField("create_time"))
        # The same content is the same snapshot.
        self.assertEqual(self.client.create_snapshot(network_config=config).name, snap.name)
        self.assertEqual(self.client.get_snapshot(snap.name), snap)
        self.assertIn(snap.name, [s.name for s in self.client.list_snapshots()])
        flows = [{"id": port, "source": {"ip": "198.51.100.1"}, "destination": {"ip": "10.99.1.5"},
                  "protocol": "tcp", "destinationPort": int(port)} for port in ("443", "22")]
        decisions = self.client.evaluate(flows, snapshot=snap.name)
        self.assertEqual([(d.flow_id, nv.Verdict.Name(d.verdict)) for d in decisions],
                         [("443", "VERDICT_INDETERMINATE"), ("22", "VERDICT_DENY")])  # no network ACL known
        streamed = list(self.client.evaluate_stream(flows, snapshot=snap.name))
        self.assertEqual(streamed, decisions)
        self.client.delete_snapshot(snap.name)
        with self.assertRaises(nv.NotFound):
            self.client.get_snapshot(snap.name)
        with self.assertRaises(nv.NotFound):
            self.client.delete_snapshot(snap.name)
        self.assertNotIn(snap.name, [s.name for s in self.client.list_snapshots()])

    def test_snapshot_of_aws_documents(self) -> None:
        snap = self.client.create_snapshot(aws_documents=NETWORK_FILES)
        self.assertEqual(snap.resource_counts.vpcs, 1)
        decisions = self.client.evaluate(example_flows(), snapshot=snap.name)
        self.assertEqual(as_dicts(decisions), self.cli)
        # Not deleted: it is the content of the server's default configuration.

    def test_list_snapshots_pages(self) -> None:
        names = []
        for i in range(3):
            cfg = {"vpcs": [{"id": f"vpc-0page{i}", "cidrBlocks": [f"10.{i}.0.0/16"]}]}
            names.append(self.client.create_snapshot(network_config=cfg).name)
        try:
            listed = [s.name for s in self.client.list_snapshots(page_size=1)]
            self.assertEqual(listed, sorted(listed))
            self.assertEqual(len(listed), len(set(listed)))
            for name in names:
                self.assertIn(name, listed)
        finally:
            for name in names:
                self.client.delete_snapshot(name)

    def test_two_sources_is_a_value_error(self) -> None:
        with self.assertRaises(ValueError):
            self.client.evaluate(example_flows(), snapshot="snapshots/x", aws_documents=NETWORK_FILES)

    def test_unreachable_server_is_unavailable(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with nv.Client(f"127.0.0.1:{port}", timeout=5) as client:
            with self.assertRaises(nv.Unavailable):
                client.health()


def _openssl(*args: str, cwd: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(d: str) -> None:
    """Writes ca.crt, server.crt/key (IP 127.0.0.1) and client.crt/key into d."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
             "-subj", "/CN=netverdict test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    for name, ext in (("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
                      ("client", "extendedKeyUsage=clientAuth\n")):
        Path(d, f"{name}.ext").write_text("basicConstraints=CA:FALSE\n" + ext)
        _openssl("req", "-new", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN=netverdict test {name}", cwd=d)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", f"{name}.crt", "-days", "2", "-extfile", f"{name}.ext", cwd=d)


ADMIN_TOKEN = "admin-token-0123456789"
READER_TOKEN = "reader-token-9876543210"


def _server_supports_tls_and_auth() -> str | None:
    """Returns why the server cannot run the TLS/auth tests (a failure), or None."""
    out = subprocess.run([netverdict_bin(), "serve", "-h"], capture_output=True, text=True)
    text = out.stdout + out.stderr
    missing = [f for f in ("-tls-cert", "-tls-key", "-client-ca", "-auth-tokens") if f not in text]
    return f"netverdict serve has no {', '.join(missing)} flag" if missing else None


class _TLSBase(ServerTestCase):
    pki: tempfile.TemporaryDirectory[str]
    extra_args: tuple[str, ...] = ()

    @classmethod
    def setUpClass(cls) -> None:
        reason = _server_supports_tls_and_auth()
        if reason:
            raise AssertionError(reason)  # the flags exist since TLS/auth landed: never skip
        cls.pki = tempfile.TemporaryDirectory(prefix="netverdict-pki-")
        d = cls.pki.name
        make_pki(d)
        tokens = Path(d, "tokens")
        tokens.write_text(
            "# name sha256:<hex> [scope]\n"
            f"admin sha256:{hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest()}\n"
            f"reader sha256:{hashlib.sha256(READER_TOKEN.encode()).hexdigest()} evaluate\n")
        cls.server_args = ("--tls-cert", f"{d}/server.crt", "--tls-key", f"{d}/server.key",
                           "--auth-tokens", str(tokens), *(a.format(d=d) for a in cls.extra_args))
        try:
            super().setUpClass()
        except BaseException:
            cls.pki.cleanup()
            raise

    @classmethod
    def tearDownClass(cls) -> None:
        try:
            super().tearDownClass()
        finally:
            cls.pki.cleanup()

    def client(self, **kwargs: Any) -> nv.Client:
        kwargs.setdefault("root_certificates", Path(self.pki.name, "ca.crt").read_bytes())
        kwargs.setdefault("timeout", 15)
        c = nv.Client(self.server.address, **kwargs)
        self.addCleanup(c.close)
        return c


class TLSTokenTest(_TLSBase):
    """TLS with bearer tokens (--tls-cert, --tls-key, --auth-tokens)."""

    def test_evaluate_with_token(self) -> None:
        decisions = self.client(token=ADMIN_TOKEN).evaluate(example_flows())
        self.assertEqual([d.flow_id for d in decisions], [f["id"] for f in example_flows()])

    def test_stream_with_token(self) -> None:
        flows = [dict(f, id=str(i)) for i, f in enumerate(example_flows() * 100)]
        got = [d.flow_id for d in self.client(token=READER_TOKEN).evaluate_stream(flows, view="VERDICT")]
        self.assertEqual(got, [f["id"] for f in flows])

    def test_no_token_is_unauthenticated(self) -> None:
        with self.assertRaises(nv.Unauthenticated):
            self.client().evaluate(example_flows())
        with self.assertRaises(nv.Unauthenticated):
            list(self.client().evaluate_stream(example_flows()))

    def test_wrong_token_is_unauthenticated(self) -> None:
        with self.assertRaises(nv.Unauthenticated):
            self.client(token="not-a-token").evaluate(example_flows())

    def test_evaluate_scope_cannot_create_snapshots(self) -> None:
        reader = self.client(token=READER_TOKEN)
        self.assertEqual(len(reader.evaluate(example_flows())), len(example_flows()))
        with self.assertRaises(nv.PermissionDenied):
            reader.create_snapshot(aws_documents=NETWORK_FILES)
        snap = self.client(token=ADMIN_TOKEN).create_snapshot(aws_documents=NETWORK_FILES)
        self.assertEqual(reader.get_snapshot(snap.name).name, snap.name)

    def test_health_needs_no_token(self) -> None:
        self.assertEqual(self.client().health(), "SERVING")

    def test_plaintext_client_fails(self) -> None:
        with nv.Client(self.server.address, token=ADMIN_TOKEN, timeout=5) as c:
            with self.assertRaises(nv.Unavailable):
                c.evaluate(example_flows())


class MutualTLSTest(_TLSBase):
    """Mutual TLS (--client-ca) with bearer tokens."""

    extra_args = ("--client-ca", "{d}/ca.crt")

    def test_client_certificate_works(self) -> None:
        d = self.pki.name
        c = self.client(token=ADMIN_TOKEN, client_certificate=Path(d, "client.crt").read_bytes(),
                        client_key=Path(d, "client.key").read_bytes())
        self.assertEqual(len(c.evaluate(example_flows())), len(example_flows()))
        # Paths work as well as PEM bytes.
        c2 = self.client(token=ADMIN_TOKEN, root_certificates=os.path.join(d, "ca.crt"),
                         client_certificate=os.path.join(d, "client.crt"),
                         client_key=os.path.join(d, "client.key"))
        self.assertEqual(c2.health(), "SERVING")

    def test_no_client_certificate_fails(self) -> None:
        with self.assertRaises(nv.Unavailable):
            self.client(token=ADMIN_TOKEN).evaluate(example_flows())


if __name__ == "__main__":
    unittest.main()
