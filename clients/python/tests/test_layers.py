"""AWS WAF and AWS Network Firewall through netverdict_client, against the real server.

The scenarios are the CLI's (cmd/netverdict/testdata/{waf,nfw}): real
AWS-shaped documents sent inline, flows built here as Flow messages (so the
client's http / tls_server_name / application_protocol fields are what the
server sees), and decisions compared whole with the CLI's golden outputs
(cmd/netverdict/testdata/golden/{waf-seed,nfw-allowlist}.golden, one
Decision in proto JSON per line): client, server and CLI must agree. Each
case names the section of the AWS semantics reference
(/work/shared/reference/aws-semantics.md) it checks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import REPO, ServerTestCase  # noqa: E402

from google.protobuf import json_format  # noqa: E402

import netverdict_client as nv  # noqa: E402

TESTDATA = REPO / "cmd" / "netverdict" / "testdata"
WAF_DIR = TESTDATA / "waf"
NFW_DIR = TESTDATA / "nfw"
GOLDEN_DIR = TESTDATA / "golden"

# The WAF scenario without its web ACL, which comes as AWS CLI output
# (base64 SearchStrings) or as the console prints it (plain text).
WAF_BASE = ("ec2.json", "ip-set.json", "regex-set.json", "associations.json")
# The domain-allowlist egress firewall placed by route tables.
NFW_FILES = ("ec2.json", "route-tables.json", "rulegroup-no-telnet.json",
             "firewall-allowlist.json", "policy-allowlist.json", "rulegroup-allowed-domains.json")

PLAIN = nv.SearchStringEncoding.Value("SEARCH_STRING_ENCODING_PLAIN")
WAF = nv.Layer.Value("LAYER_WAF")
NETWORK_FIREWALL = nv.Layer.Value("LAYER_NETWORK_FIREWALL")
WEB_ACL_ARN = ("arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop-acl/"
               "a1b2c3d4-0000-4000-8000-000000000001")
POLICY_ARN = "arn:aws:network-firewall:eu-west-1:111122223333:firewall-policy/egress-allowlist"
DEFAULT_ALLOW = "No rule terminated: default action Allow of web ACL shop-acl"


def golden(name: str) -> dict[str, dict[str, Any]]:
    """The decisions of a CLI golden file (its stdout part), by flow id."""
    text = (GOLDEN_DIR / f"{name}.golden").read_text()
    stdout = text.split("--- stderr ---\n", 1)[0]
    decisions = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if not decisions:
        raise AssertionError(f"{name}.golden holds no JSON decisions")
    return {d["flowId"]: d for d in decisions}


def document(path: Path, encoding: int = 0) -> nv.AwsDocument:
    return nv.AwsDocument(name=path.name, content=path.read_bytes(), search_string_encoding=encoding)


def waf_documents(*, console: bool) -> list[nv.AwsDocument]:
    docs = [document(WAF_DIR / f) for f in WAF_BASE]
    if console:
        docs.append(document(WAF_DIR / "web-acl-console.json", PLAIN))
    else:
        docs.append(document(WAF_DIR / "web-acl.json"))
    return docs


def nfw_documents() -> list[nv.AwsDocument]:
    return [document(NFW_DIR / f) for f in NFW_FILES]


def shop_request(flow_id: str, client_ip: str, client_port: int, path: str,
                 **http: Any) -> nv.Flow:
    """A browser's GET of path on the shop's load balancer (10.30.0.10:443)."""
    return nv.Flow(
        id=flow_id, source=nv.Endpoint(ip=client_ip), destination=nv.Endpoint(ip="10.30.0.10"),
        protocol="tcp", source_port=client_port, destination_port=443,
        http=nv.HttpRequest(method="GET", uri_path=path, headers=[
            nv.HttpHeader(name="Host", value="shop.example.com"),
            nv.HttpHeader(name="User-Agent", value="Mozilla/5.0")], **http))


def egress(flow_id: str, dst: str, client_port: int, port: int, **fields: Any) -> nv.Flow:
    """A connection from the app instance behind the egress firewall."""
    return nv.Flow(
        id=flow_id, source=nv.Endpoint(network_interface_id="eni-0app000000000001"),
        destination=nv.Endpoint(ip=dst), protocol="tcp", source_port=client_port,
        destination_port=port, **fields)


# (flow, verdict, WAF check's rule ids, its reason). A terminating rule is
# the first rule id of a DENY; a CAPTCHA rule with a valid token is listed
# without terminating.
WAF_CASES: list[tuple[nv.Flow, str, list[str], str]] = [
    # §4.4 ByteMatch EXACTLY + §4.8 IP set under NotStatement: the seed's
    # admin rule does not match from the office, the default action allows (§4.2).
    (shop_request("admin-from-office", "198.51.100.23", 51000, "/admin/dashboard"),
     "VERDICT_ALLOW", [], DEFAULT_ALLOW),
    # §4.2 Block terminates: the admin page from outside the office IP set.
    (shop_request("admin-from-elsewhere", "192.0.2.44", 51001, "/admin/dashboard"),
     "VERDICT_DENY", ["admin-only-from-office"],
     "Blocked by rule admin-only-from-office (priority 0): URI path is /admin/dashboard "
     "and the client IP 192.0.2.44 is not in IP set office"),
    # §4.2 Captcha without a valid token: a terminating block (HTTP 405).
    (shop_request("signup-without-token", "192.0.2.47", 51006, "/signup"),
     "VERDICT_DENY", ["captcha-signup"],
     "Blocked with a CAPTCHA (no valid token; HTTP 405) by rule captcha-signup (priority 30): "
     "URI path is /signup"),
    # §4.2 Captcha with a valid token behaves like Count: evaluation goes on.
    (shop_request("signup-with-token", "192.0.2.47", 51007, "/signup", captcha_token_valid=True),
     "VERDICT_ALLOW", ["captcha-signup"], DEFAULT_ALLOW),
]

# (flow, verdict, firewall check's rule ids on the forward leg).
NFW_CASES: list[tuple[nv.Flow, str, list[str]]] = [
    # §5.8 ALLOWLIST (TLS_SNI, ".example.com"): a listed name is passed by
    # the generated pass rule sid 1.
    (egress("tls-allowed", "93.184.216.34", 50100, 443, tls_server_name="www.example.com"),
     "VERDICT_ALLOW", ["sid:1"]),
    # §5.8 dotprefix: "badexample.com" is not under .example.com; the
    # generated drop rule sid 3 drops the ClientHello.
    (egress("tls-not-listed", "198.51.100.80", 50102, 443, tls_server_name="badexample.com"),
     "VERDICT_DENY", ["sid:3"]),
    # §5.8 a domain list leaves other protocols alone: SSH declared by
    # application_protocol matches no rule.
    (egress("ssh-out-untouched", "198.51.100.22", 50105, 22, application_protocol="ssh"),
     "VERDICT_ALLOW", []),
    # §5.3 stateless rule priority 1 (aws:drop) drops telnet before the
    # stateful engine.
    (egress("telnet-out-stateless-drop", "198.51.100.23", 50106, 23),
     "VERDICT_DENY", ["1"]),
]


def as_dict(d: nv.Decision) -> dict[str, Any]:
    return json_format.MessageToDict(d)


def checks_of(d: nv.Decision, layer: int) -> list[nv.Check]:
    return [c for c in d.checks if c.layer == layer]


class LayersTest(ServerTestCase):
    """WAF and Network Firewall documents sent inline and as snapshots."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.client = nv.Client(cls.server.address, timeout=30)
        cls.waf_golden = golden("waf-seed")
        cls.nfw_golden = golden("nfw-allowlist")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.client.close()
        super().tearDownClass()

    def assert_waf(self, decisions: list[nv.Decision]) -> None:
        self.assertEqual([d.flow_id for d in decisions], [f.id for f, *_ in WAF_CASES])
        for d, (flow, verdict, rules, reason) in zip(decisions, WAF_CASES):
            with self.subTest(flow=flow.id):
                self.assertEqual(nv.Verdict.Name(d.verdict), verdict)
                (check,) = checks_of(d, WAF)
                self.assertEqual(check.resource_id, WEB_ACL_ARN)
                self.assertEqual(nv.Verdict.Name(check.verdict), verdict)
                self.assertEqual([r.rule_id for r in check.rules], rules)
                self.assertEqual(check.reason, reason)
                self.assertEqual(as_dict(d), self.waf_golden[flow.id])

    def assert_nfw(self, decisions: list[nv.Decision]) -> None:
        self.assertEqual([d.flow_id for d in decisions], [f.id for f, *_ in NFW_CASES])
        for d, (flow, verdict, rules) in zip(decisions, NFW_CASES):
            with self.subTest(flow=flow.id):
                self.assertEqual(nv.Verdict.Name(d.verdict), verdict)
                checks = checks_of(d, NETWORK_FIREWALL)
                # The endpoint is crossed both ways (§3.4): forward, then return.
                self.assertEqual([nv.Leg.Name(c.leg) for c in checks], ["LEG_FORWARD", "LEG_RETURN"])
                forward = checks[0]
                self.assertEqual(forward.resource_id, POLICY_ARN)
                self.assertEqual(nv.Verdict.Name(forward.verdict), verdict)
                self.assertEqual([r.rule_id for r in forward.rules], rules)
                self.assertEqual(as_dict(d), self.nfw_golden[flow.id])

    def test_waf_cli_documents(self) -> None:
        # AWS CLI get-web-acl output: base64 SearchStrings (§4.4).
        flows = [f for f, *_ in WAF_CASES]
        self.assert_waf(self.client.evaluate(flows, aws_documents=waf_documents(console=False)))

    def test_waf_console_documents_plain(self) -> None:
        # The console's JSON (plain-text SearchStrings) with
        # search_string_encoding PLAIN gives the same decisions.
        flows = [f for f, *_ in WAF_CASES]
        self.assert_waf(self.client.evaluate(flows, aws_documents=waf_documents(console=True)))

    def test_waf_console_documents_not_guessed(self) -> None:
        # Without PLAIN the console's "/login" is read as base64 and refused,
        # naming the document and the JSON path; never guessed.
        docs = waf_documents(console=True)
        docs[-1].search_string_encoding = nv.SearchStringEncoding.Value("SEARCH_STRING_ENCODING_UNSPECIFIED")
        with self.assertRaises(nv.InvalidArgument) as cm:
            self.client.evaluate([WAF_CASES[0][0]], aws_documents=docs)
        doc = "config.aws_documents.documents[4]: "
        self.assertEqual(
            [(v.field, v.description) for v in cm.exception.field_violations],
            [(doc + "WebACL.Rules[2].Statement.AndStatement.Statements[1].ByteMatchStatement.SearchString",
              'web-acl-console.json: invalid base64 (got "/login")'),
             (doc + "WebACL.Rules[4].Statement.ByteMatchStatement.SearchString",
              'web-acl-console.json: invalid base64 (got "/signup")')])

    def test_waf_without_http_is_indeterminate(self) -> None:
        # The WAF inspects HTTP requests: a flow without one cannot be decided.
        flow = shop_request("no-http", "192.0.2.48", 51008, "/")
        flow.ClearField("http")
        (d,) = self.client.evaluate([flow], aws_documents=waf_documents(console=False))
        self.assertEqual(nv.Verdict.Name(d.verdict), "VERDICT_INDETERMINATE")
        (check,) = checks_of(d, WAF)
        self.assertIn("the flow carries no http request", check.reason)

    def test_network_firewall_documents(self) -> None:
        flows = [f for f, *_ in NFW_CASES]
        self.assert_nfw(self.client.evaluate(flows, aws_documents=nfw_documents()))

    def test_network_firewall_stream(self) -> None:
        flows = [f for f, *_ in NFW_CASES]
        self.assert_nfw(list(self.client.evaluate_stream(flows, aws_documents=nfw_documents(), batch_size=3)))

    def test_snapshots_give_the_same_decisions(self) -> None:
        waf = self.client.create_snapshot(aws_documents=waf_documents(console=True))
        nfw = self.client.create_snapshot(aws_documents=nfw_documents())
        try:
            counts = waf.resource_counts
            self.assertEqual((counts.web_acls, counts.ip_sets, counts.regex_pattern_sets), (1, 1, 1))
            counts = nfw.resource_counts
            self.assertEqual(counts.firewalls, 1)
            self.assertEqual(counts.firewall_policies, 1)
            self.assertEqual(counts.firewall_rule_groups, 2)
            self.assertGreater(counts.route_tables, 0)
            # Named alike, the console's web ACL read as PLAIN and the CLI's
            # (base64) are the same content, hence the same snapshot.
            console = waf_documents(console=True)
            console[-1].name = "web-acl.json"
            same = self.client.create_snapshot(aws_documents=console)
            self.assertEqual(same.name, self.client.create_snapshot(aws_documents=waf_documents(console=False)).name)
            self.client.delete_snapshot(same.name)
            waf_flows = [f for f, *_ in WAF_CASES]
            nfw_flows = [f for f, *_ in NFW_CASES]
            self.assert_waf(self.client.evaluate(waf_flows, snapshot=waf.name))
            self.assert_nfw(self.client.evaluate(nfw_flows, snapshot=nfw.name))
            self.assert_waf(list(self.client.evaluate_stream(waf_flows, snapshot=waf.name)))
        finally:
            self.client.delete_snapshot(waf.name)
            self.client.delete_snapshot(nfw.name)
