"""Python client of the netverdict gRPC service (package netverdict.v1).

netverdict judges whether network flows get through an AWS network and
which rule decided it::

    from netverdict_client import Client

    with Client("127.0.0.1:50051") as client:
        for d in client.evaluate([{"id": "web-to-app", "source": {"ip": "10.0.1.20"},
                                   "destination": {"ip": "10.0.2.30"},
                                   "protocol": "tcp", "destinationPort": 8080}]):
            print(d.flow_id, Verdict.Name(d.verdict))

The generated messages are re-exported here (Flow, Decision, Snapshot, ...)
and their modules are available as ``netverdict_client.flow_pb2`` and so on.
"""

from __future__ import annotations

from ._gen import (
    config_pb2,
    decision_pb2,
    decision_service_pb2,
    decision_service_pb2_grpc,
    flow_pb2,
    snapshot_service_pb2,
    snapshot_service_pb2_grpc,
)
from .client import DEFAULT_OPTIONS, DEFAULT_TARGET, Client, config_source
from .errors import (
    DeadlineExceeded,
    FieldViolation,
    InvalidArgument,
    NetverdictError,
    NotFound,
    PermissionDenied,
    ProtocolError,
    QuotaViolation,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)

# The messages and enums most programs need.
Flow = flow_pb2.Flow
Endpoint = flow_pb2.Endpoint
PortRange = flow_pb2.PortRange
ConnectionState = flow_pb2.ConnectionState
Tracking = flow_pb2.Tracking
HttpRequest = flow_pb2.HttpRequest
HttpHeader = flow_pb2.HttpHeader
Decision = decision_pb2.Decision
Check = decision_pb2.Check
Verdict = decision_pb2.Verdict
Layer = decision_pb2.Layer
Leg = decision_pb2.Leg
Direction = decision_pb2.Direction
DecisionView = decision_pb2.DecisionView
EvaluationOptions = decision_pb2.EvaluationOptions
ConfigSource = config_pb2.ConfigSource
NetworkConfig = config_pb2.NetworkConfig
AwsDocument = config_pb2.AwsDocument
SearchStringEncoding = config_pb2.SearchStringEncoding
Snapshot = snapshot_service_pb2.Snapshot

__all__ = [
    "Client",
    "DEFAULT_OPTIONS",
    "DEFAULT_TARGET",
    "config_source",
    # errors
    "NetverdictError",
    "InvalidArgument",
    "NotFound",
    "ResourceExhausted",
    "Unauthenticated",
    "PermissionDenied",
    "Unavailable",
    "DeadlineExceeded",
    "ProtocolError",
    "FieldViolation",
    "QuotaViolation",
    # messages
    "Flow",
    "Endpoint",
    "PortRange",
    "ConnectionState",
    "Tracking",
    "HttpRequest",
    "HttpHeader",
    "Decision",
    "Check",
    "Verdict",
    "Layer",
    "Leg",
    "Direction",
    "DecisionView",
    "EvaluationOptions",
    "ConfigSource",
    "NetworkConfig",
    "AwsDocument",
    "SearchStringEncoding",
    "Snapshot",
    # generated modules
    "config_pb2",
    "decision_pb2",
    "decision_service_pb2",
    "decision_service_pb2_grpc",
    "flow_pb2",
    "snapshot_service_pb2",
    "snapshot_service_pb2_grpc",
]
