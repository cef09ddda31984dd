"""The netverdict client: :class:`Client`."""

from __future__ import annotations

import collections
import os
from typing import Any, Iterable, Iterator, Mapping, Sequence, TypeVar, Union

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from ._gen import (
    config_pb2,
    decision_pb2,
    decision_service_pb2,
    decision_service_pb2_grpc,
    flow_pb2,
    snapshot_service_pb2,
    snapshot_service_pb2_grpc,
)
from .errors import NetverdictError, ProtocolError

__all__ = ["Client", "DEFAULT_TARGET", "DEFAULT_OPTIONS", "config_source"]

DEFAULT_TARGET = "127.0.0.1:50051"
"""Where ``netverdict serve`` listens by default."""

_MIB = 1 << 20

DEFAULT_OPTIONS: list[tuple[str, Any]] = [
    ("grpc.max_send_message_length", 64 * _MIB),
    ("grpc.max_receive_message_length", 64 * _MIB),
    # A ping every 30 s while calls are open keeps long streams alive
    # through idle-timeout middleboxes; the server permits pings every 10 s.
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 20_000),
]
"""Channel options every Client starts from; the ``options`` argument
overrides them key by key."""

_HEALTH_CHECK = "/grpc.health.v1.Health/Check"
_HEALTH_STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}

PathLike = Union[str, "os.PathLike[str]"]
FlowLike = Union[flow_pb2.Flow, Mapping[str, Any]]
"""A Flow message, or a dict in the Flow's proto JSON shape
(``{"id": "x", "source": {"ip": "10.0.0.1"}, "destinationPort": 22, ...}``)."""
AwsDocumentLike = Union[config_pb2.AwsDocument, tuple[str, Union[bytes, str]], PathLike]
"""An AwsDocument message, a ``(name, content)`` pair, or the path of a JSON
file (or of a directory, whose ``*.json`` files are taken in name order)."""
PemLike = Union[bytes, PathLike]
"""PEM bytes, or the path of a PEM file."""

_M = TypeVar("_M", bound=Message)

# Default of the per-call timeout arguments: the Client's timeout.
_CLIENT_TIMEOUT: Any = object()


class Client:
    """A connection to a netverdict server.

    Use it as a context manager, or call :meth:`close` when done::

        with Client("127.0.0.1:50051") as client:
            decisions = client.evaluate([{"id": "ssh", "source": {"ip": "198.51.100.7"},
                                          "destination": {"ip": "10.0.1.20"},
                                          "protocol": "tcp", "destinationPort": 22}])

    Every failed call raises a :class:`~netverdict_client.NetverdictError`
    subclass. The client is safe to use from several threads.

    Args:
        target: The server's ``host:port`` (any gRPC target string).
        tls: Connect with TLS. Implied by any of the certificate arguments.
        root_certificates: PEM bytes (or a path) of the CAs to trust; None
            uses the system's roots.
        client_certificate: PEM certificate chain (or a path) for mutual TLS.
        client_key: PEM private key (or a path) of client_certificate.
        token: Bearer token sent as ``authorization: Bearer <token>`` on
            every call.
        timeout: Default deadline in seconds of unary calls (None: none).
            :meth:`evaluate_stream` only gets the deadline it is given.
        options: gRPC channel options, merged over :data:`DEFAULT_OPTIONS`
            (64 MiB messages, 30 s keepalive).
    """

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        tls: bool = False,
        root_certificates: PemLike | None = None,
        client_certificate: PemLike | None = None,
        client_key: PemLike | None = None,
        token: str | None = None,
        timeout: float | None = None,
        options: Sequence[tuple[str, Any]] | None = None,
    ) -> None:
        if (client_certificate is None) != (client_key is None):
            raise ValueError("client_certificate and client_key go together")
        merged = dict(DEFAULT_OPTIONS)
        merged.update(dict(options or ()))
        channel_options = list(merged.items())
        self.target = target
        self.timeout = timeout
        if tls or root_certificates is not None or client_certificate is not None:
            creds = grpc.ssl_channel_credentials(
                root_certificates=_read_pem(root_certificates),
                private_key=_read_pem(client_key),
                certificate_chain=_read_pem(client_certificate),
            )
            self._channel = grpc.secure_channel(target, creds, options=channel_options)
        else:
            self._channel = grpc.insecure_channel(target, options=channel_options)
        self._metadata: tuple[tuple[str, str], ...] = (
            (("authorization", f"Bearer {token}"),) if token else ()
        )
        self._decisions = decision_service_pb2_grpc.DecisionServiceStub(self._channel)
        self._snapshots = snapshot_service_pb2_grpc.SnapshotServiceStub(self._channel)
        self._health = self._channel.unary_unary(_HEALTH_CHECK)

    # Lifecycle.

    @property
    def channel(self) -> grpc.Channel:
        """The underlying gRPC channel, for calls this class does not wrap."""
        return self._channel

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # DecisionService.

    def evaluate(
        self,
        flows: Iterable[FlowLike],
        *,
        config: config_pb2.ConfigSource | Mapping[str, Any] | None = None,
        snapshot: str | None = None,
        aws_documents: Iterable[AwsDocumentLike] | None = None,
        network_config: config_pb2.NetworkConfig | Mapping[str, Any] | None = None,
        options: decision_pb2.EvaluationOptions | Mapping[str, Any] | None = None,
        view: int | str | None = None,
        timeout: float | None = _CLIENT_TIMEOUT,
    ) -> list[decision_pb2.Decision]:
        """Judges flows with one DecisionService.Evaluate call.

        The configuration comes from at most one of ``config`` (a whole
        ConfigSource), ``snapshot`` (a snapshot name), ``aws_documents`` or
        ``network_config``; with none, the server's default configuration.

        Args:
            flows: Flow messages or dicts in the proto JSON shape; the
                request must fit the server's limit (10,000 by default):
                use :meth:`evaluate_stream` for more.
            options: EvaluationOptions (message or JSON dict).
            view: How much of each decision to return: a DecisionView value
                or name ("FULL", "BASIC", "VERDICT"); overrides options.view.
            timeout: Deadline in seconds; default the client's.

        Returns:
            One Decision per flow, in order.

        Raises:
            InvalidArgument: A malformed flow or configuration; its
                field_violations name the fields ("flows[0].destination_port").
            NotFound: An unknown snapshot.
            ProtocolError: The decisions do not match the flows one for one.
        """
        flow_msgs = [_to_flow(f) for f in flows]
        request = decision_service_pb2.EvaluateRequest(flows=flow_msgs)
        source = config_source(config=config, snapshot=snapshot, aws_documents=aws_documents,
                               network_config=network_config)
        if source is not None:
            request.config.CopyFrom(source)
        opts = _options(options, view)
        if opts is not None:
            request.options.CopyFrom(opts)
        response = self._unary(self._decisions.Evaluate, request, timeout)
        decisions = list(response.decisions)
        if len(decisions) != len(flow_msgs):
            raise ProtocolError(f"{len(decisions)} decisions for {len(flow_msgs)} flows")
        for i, (d, f) in enumerate(zip(decisions, flow_msgs)):
            if d.flow_id != f.id:
                raise ProtocolError(f"decision {i} is for flow {d.flow_id!r}, want {f.id!r}")
        return decisions

    def evaluate_stream(
        self,
        flows: Iterable[FlowLike],
        *,
        config: config_pb2.ConfigSource | Mapping[str, Any] | None = None,
        snapshot: str | None = None,
        aws_documents: Iterable[AwsDocumentLike] | None = None,
        network_config: config_pb2.NetworkConfig | Mapping[str, Any] | None = None,
        options: decision_pb2.EvaluationOptions | Mapping[str, Any] | None = None,
        view: int | str | None = None,
        batch_size: int = 1000,
        timeout: float | None = None,
    ) -> Iterator[decision_pb2.Decision]:
        """Judges any number of flows with one DecisionService.EvaluateStream call.

        Returns a generator of decisions, in flow order, as they arrive.
        The flows are read lazily, from gRPC's sending thread, and sent in
        messages of ``batch_size`` flows; sending follows HTTP/2 flow
        control, so memory stays bounded however many flows there are and
        however slowly the decisions are consumed. Closing the generator
        early (``break``) cancels the call.

        Arguments are those of :meth:`evaluate`, plus ``batch_size`` (at
        most the server's per-message limit, 10,000 by default) and a
        ``timeout`` for the whole stream (default none).

        Raises (while iterating):
            NetverdictError: The server failed the call.
            ProtocolError: A decision is for another flow than the next one
                sent, or the stream ended with flows unanswered.
            Exception: Whatever reading or converting a flow raised (after
                the decisions of the flows before it).
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        stream_config = decision_service_pb2.StreamConfig()
        source = config_source(config=config, snapshot=snapshot, aws_documents=aws_documents,
                               network_config=network_config)
        if source is not None:
            stream_config.source.CopyFrom(source)
        opts = _options(options, view)
        if opts is not None:
            stream_config.options.CopyFrom(opts)
        return self._stream(flows, stream_config, batch_size, timeout)

    def _stream(
        self,
        flows: Iterable[FlowLike],
        stream_config: decision_service_pb2.StreamConfig,
        batch_size: int,
        timeout: float | None,
    ) -> Iterator[decision_pb2.Decision]:
        # Ids of the flows sent and not yet answered. The request generator
        # (on gRPC's sending thread) appends a batch's ids before handing the
        # batch over, so a decision's id is always there when it arrives.
        pending: collections.deque[str] = collections.deque()
        send_errors: list[BaseException] = []

        def requests() -> Iterator[decision_service_pb2.EvaluateStreamRequest]:
            yield decision_service_pb2.EvaluateStreamRequest(config=stream_config)
            batch: list[flow_pb2.Flow] = []
            try:
                for f in flows:
                    batch.append(_to_flow(f))
                    if len(batch) >= batch_size:
                        pending.extend(m.id for m in batch)
                        yield decision_service_pb2.EvaluateStreamRequest(
                            flows=decision_service_pb2.FlowBatch(flows=batch))
                        batch = []
            except Exception as e:  # noqa: BLE001 - re-raised by the receiving side
                # Ending the requests half-closes the stream: the server
                # answers the flows before the failing one, then the
                # receiver raises e.
                send_errors.append(e)
            if batch:
                pending.extend(m.id for m in batch)
                yield decision_service_pb2.EvaluateStreamRequest(
                    flows=decision_service_pb2.FlowBatch(flows=batch))

        call = self._decisions.EvaluateStream(requests(), metadata=self._metadata, timeout=timeout)
        received = 0
        try:
            for response in call:
                for d in response.decisions:
                    if not pending:
                        raise ProtocolError(
                            f"decision {received} (flow {d.flow_id!r}) is more than the flows sent")
                    want = pending.popleft()
                    if d.flow_id != want:
                        raise ProtocolError(f"decision {received} is for flow {d.flow_id!r}, want {want!r}")
                    received += 1
                    yield d
            if send_errors:
                raise send_errors[0]
            if pending:
                raise ProtocolError(
                    f"stream ended after {received} decisions, flow {pending[0]!r} unanswered")
        except grpc.RpcError as e:
            if send_errors:
                raise send_errors[0] from e
            raise NetverdictError.from_rpc_error(e) from e
        finally:
            call.cancel()  # a no-op once the call has ended

    # SnapshotService.

    def create_snapshot(
        self,
        *,
        config: config_pb2.ConfigSource | Mapping[str, Any] | None = None,
        aws_documents: Iterable[AwsDocumentLike] | None = None,
        network_config: config_pb2.NetworkConfig | Mapping[str, Any] | None = None,
        snapshot: str | None = None,
        timeout: float | None = _CLIENT_TIMEOUT,
    ) -> snapshot_service_pb2.Snapshot:
        """Stores a configuration as a snapshot and returns it.

        The configuration comes from exactly one of the arguments, as for
        :meth:`evaluate`. Storing content that is already stored returns the
        stored snapshot (the name is a digest of the content). Use the
        snapshot's ``name`` as ``snapshot=`` in later evaluations.
        """
        request = snapshot_service_pb2.CreateSnapshotRequest()
        source = config_source(config=config, snapshot=snapshot, aws_documents=aws_documents,
                               network_config=network_config)
        if source is not None:
            request.config.CopyFrom(source)
        return self._unary(self._snapshots.CreateSnapshot, request, timeout).snapshot

    def get_snapshot(self, name: str, *, timeout: float | None = _CLIENT_TIMEOUT) -> snapshot_service_pb2.Snapshot:
        """Returns a stored snapshot's metadata; raises NotFound if there is none by that name."""
        request = snapshot_service_pb2.GetSnapshotRequest(name=name)
        return self._unary(self._snapshots.GetSnapshot, request, timeout).snapshot

    def list_snapshots(
        self, page_size: int = 100, *, timeout: float | None = _CLIENT_TIMEOUT
    ) -> Iterator[snapshot_service_pb2.Snapshot]:
        """Yields every stored snapshot, by name, fetching ``page_size`` at a time."""
        token = ""
        while True:
            request = snapshot_service_pb2.ListSnapshotsRequest(page_size=page_size, page_token=token)
            response = self._unary(self._snapshots.ListSnapshots, request, timeout)
            yield from response.snapshots
            token = response.next_page_token
            if not token:
                return

    def delete_snapshot(self, name: str, *, timeout: float | None = _CLIENT_TIMEOUT) -> None:
        """Deletes a stored snapshot; raises NotFound if there is none by that name."""
        request = snapshot_service_pb2.DeleteSnapshotRequest(name=name)
        self._unary(self._snapshots.DeleteSnapshot, request, timeout)

    # Health.

    def health(self, service: str = "", *, timeout: float | None = _CLIENT_TIMEOUT) -> str:
        """Returns the server's grpc.health.v1 status: "SERVING" or "NOT_SERVING"
        ("UNKNOWN" / "SERVICE_UNKNOWN" for a service the server does not know)."""
        request = b""
        if service:
            raw = service.encode()
            request = b"\x0a" + _varint(len(raw)) + raw
        response = self._unary(self._health, request, timeout)
        return _HEALTH_STATUS.get(_health_status(response), "UNKNOWN")

    # Helpers.

    def _unary(self, method: Any, request: Any, timeout: float | None) -> Any:
        if timeout is _CLIENT_TIMEOUT:
            timeout = self.timeout
        try:
            return method(request, metadata=self._metadata, timeout=timeout)
        except grpc.RpcError as e:
            raise NetverdictError.from_rpc_error(e) from e


def config_source(
    *,
    config: config_pb2.ConfigSource | Mapping[str, Any] | None = None,
    snapshot: str | None = None,
    aws_documents: Iterable[AwsDocumentLike] | None = None,
    network_config: config_pb2.NetworkConfig | Mapping[str, Any] | None = None,
) -> config_pb2.ConfigSource | None:
    """Builds a ConfigSource from at most one of its arguments (None if none is given).

    Args:
        config: A ConfigSource message or JSON dict, taken as it is.
        snapshot: A snapshot name ("snapshots/{digest}").
        aws_documents: AWS CLI / API JSON outputs, merged by the server in
            order: AwsDocument messages, ``(name, content)`` pairs, or paths
            of JSON files or of directories (their ``*.json`` files in name
            order); a document read from a file is named by its path.
        network_config: A typed NetworkConfig, message or JSON dict.
    """
    given = [n for n, v in (("config", config), ("snapshot", snapshot),
                            ("aws_documents", aws_documents), ("network_config", network_config))
             if v is not None]
    if len(given) > 1:
        raise ValueError(f"give at most one configuration source, got {', '.join(given)}")
    if config is not None:
        return _to_message(config, config_pb2.ConfigSource)
    if snapshot is not None:
        return config_pb2.ConfigSource(snapshot=snapshot)
    if network_config is not None:
        return config_pb2.ConfigSource(network_config=_to_message(network_config, config_pb2.NetworkConfig))
    if aws_documents is not None:
        if isinstance(aws_documents, (str, bytes, os.PathLike)):
            aws_documents = [aws_documents]  # type: ignore[list-item]
        docs = [d for item in aws_documents for d in _aws_documents(item)]
        return config_pb2.ConfigSource(aws_documents=config_pb2.AwsDocuments(documents=docs))
    return None


def _aws_documents(item: AwsDocumentLike) -> list[config_pb2.AwsDocument]:
    if isinstance(item, config_pb2.AwsDocument):
        return [item]
    if isinstance(item, tuple):
        name, content = item
        if isinstance(content, str):
            content = content.encode()
        return [config_pb2.AwsDocument(name=name, content=content)]
    if isinstance(item, (str, os.PathLike)):
        path = os.fspath(item)
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if n.endswith(".json"))
            if not names:
                raise ValueError(f"{path}: no *.json files")
            return [_read_document(os.path.join(path, n)) for n in names]
        return [_read_document(path)]
    raise TypeError(f"an AWS document is an AwsDocument, a (name, content) pair or a path, not {type(item).__name__}")


def _read_document(path: str) -> config_pb2.AwsDocument:
    with open(path, "rb") as f:
        return config_pb2.AwsDocument(name=path, content=f.read())


def _to_message(value: Any, cls: type[_M]) -> _M:
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        return json_format.ParseDict(value, cls())
    raise TypeError(f"want a {cls.DESCRIPTOR.full_name} or a dict, not {type(value).__name__}")


def _to_flow(value: FlowLike) -> flow_pb2.Flow:
    return _to_message(value, flow_pb2.Flow)


def _options(
    options: decision_pb2.EvaluationOptions | Mapping[str, Any] | None, view: int | str | None
) -> decision_pb2.EvaluationOptions | None:
    if options is None and view is None:
        return None
    opts = decision_pb2.EvaluationOptions()
    if options is not None:
        opts.CopyFrom(_to_message(options, decision_pb2.EvaluationOptions))
    if view is not None:
        if isinstance(view, str):
            name = view.upper()
            if not name.startswith("DECISION_VIEW_"):
                name = "DECISION_VIEW_" + name
            view = decision_pb2.DecisionView.Value(name)
        opts.view = view
    return opts


def _read_pem(value: PemLike | None) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    with open(value, "rb") as f:
        return f.read()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _health_status(data: bytes) -> int:
    """Reads field 1 (status, a varint) of a serialized HealthCheckResponse."""
    i, status = 0, 0
    while i < len(data):
        key, i = _read_varint(data, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _read_varint(data, i)
            if field == 1:
                status = value
        elif wire == 2:
            length, i = _read_varint(data, i)
            i += length
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise ProtocolError(f"malformed HealthCheckResponse {data!r}")
    if i != len(data):
        raise ProtocolError(f"malformed HealthCheckResponse {data!r}")
    return status


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if i >= len(data) or shift > 63:
            raise ProtocolError(f"malformed HealthCheckResponse {data!r}")
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7
