"""Exceptions raised by the netverdict client.

Every failed call raises a :class:`NetverdictError` (or a subclass chosen by
the gRPC status code). The google.rpc.BadRequest and QuotaFailure details
the server attaches are decoded into :attr:`NetverdictError.field_violations`
and :attr:`NetverdictError.quota_violations`.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import grpc

from . import _rpc_status


class FieldViolation(NamedTuple):
    """One google.rpc.BadRequest field violation.

    ``field`` is a path into the request ("flows[0].destination_port",
    "config.aws_documents.documents[1]..."); ``description`` says what is wrong.
    """

    field: str
    description: str


class QuotaViolation(NamedTuple):
    """One google.rpc.QuotaFailure violation: which limit, and how it was exceeded."""

    subject: str
    description: str


class NetverdictError(Exception):
    """A netverdict call failed.

    Attributes:
        code: The gRPC status code.
        message: The status message.
        field_violations: Field violations of a google.rpc.BadRequest detail.
        quota_violations: Violations of a google.rpc.QuotaFailure detail.
    """

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        field_violations: Sequence[FieldViolation] = (),
        quota_violations: Sequence[QuotaViolation] = (),
    ) -> None:
        self.code = code
        self.message = message
        self.field_violations: list[FieldViolation] = list(field_violations)
        self.quota_violations: list[QuotaViolation] = list(quota_violations)
        super().__init__(code, message)

    def __str__(self) -> str:
        text = f"{self.code.name}: {self.message}"
        for v in self.field_violations:
            text += f"\n  {v.field}: {v.description}"
        for q in self.quota_violations:
            text += f"\n  {q.subject}: {q.description}"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, "
            f"field_violations={self.field_violations!r}, quota_violations={self.quota_violations!r})"
        )

    @classmethod
    def from_rpc_error(cls, err: grpc.RpcError) -> NetverdictError:
        """Converts a grpc.RpcError into the matching NetverdictError subclass."""
        code = _call_attr(err, "code", grpc.StatusCode.UNKNOWN)
        message = _call_attr(err, "details", "") or ""
        fvs: list[FieldViolation] = []
        qvs: list[QuotaViolation] = []
        st = _rpc_status.status_from_metadata(_call_attr(err, "trailing_metadata", None))
        if st is not None:
            for detail in st.details:
                bad = _rpc_status.unpack(detail, _rpc_status.BadRequest)
                if bad is not None:
                    fvs.extend(FieldViolation(v.field, v.description) for v in bad.field_violations)
                quota = _rpc_status.unpack(detail, _rpc_status.QuotaFailure)
                if quota is not None:
                    qvs.extend(QuotaViolation(v.subject, v.description) for v in quota.violations)
        return _BY_CODE.get(code, NetverdictError)(code, message, fvs, qvs)


class InvalidArgument(NetverdictError):
    """INVALID_ARGUMENT: malformed flows or configuration; see field_violations."""


class NotFound(NetverdictError):
    """NOT_FOUND: an unknown snapshot."""


class ResourceExhausted(NetverdictError):
    """RESOURCE_EXHAUSTED: a request over one of the server's limits; see quota_violations."""


class Unauthenticated(NetverdictError):
    """UNAUTHENTICATED: no token, or a token the server does not accept."""


class PermissionDenied(NetverdictError):
    """PERMISSION_DENIED: the token's scope does not allow the call."""


class Unavailable(NetverdictError):
    """UNAVAILABLE: the server cannot be reached (or the TLS handshake failed)."""


class DeadlineExceeded(NetverdictError):
    """DEADLINE_EXCEEDED: the call's timeout passed."""


class ProtocolError(NetverdictError):
    """The server's answer does not match the request (missing, extra or
    reordered decisions). Its code is INTERNAL."""

    def __init__(self, message: str) -> None:
        super().__init__(grpc.StatusCode.INTERNAL, message)


_BY_CODE: dict[grpc.StatusCode, type[NetverdictError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
}


def _call_attr(err: grpc.RpcError, name: str, default):  # type: ignore[no-untyped-def]
    fn = getattr(err, name, None)
    if fn is None:
        return default
    try:
        return fn()
    except Exception:  # noqa: BLE001 - an RpcError that is not a Call
        return default
