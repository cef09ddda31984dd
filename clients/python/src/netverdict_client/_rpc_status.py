"""The few google.rpc messages the client decodes from error details.

There is no googleapis package to depend on here, so google.rpc.Status,
BadRequest and QuotaFailure are declared at runtime from descriptors, in a
private descriptor pool: they never clash with a googleapis-common-protos
installation that registers the same names in the default pool.
"""

from __future__ import annotations

from typing import Any as _AnyT

from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

_F = descriptor_pb2.FieldDescriptorProto

STATUS_DETAILS_KEY = "grpc-status-details-bin"
_TYPE_PREFIX = "type.googleapis.com/"


def _field(name: str, number: int, ftype: int, *, repeated: bool = False, type_name: str = "") -> _F:
    f = _F(
        name=name,
        number=number,
        type=ftype,
        label=_F.LABEL_REPEATED if repeated else _F.LABEL_OPTIONAL,
        json_name=name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:]),
    )
    if type_name:
        f.type_name = type_name
    return f


def _build() -> dict[str, type]:
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)

    fdp = descriptor_pb2.FileDescriptorProto(
        name="netverdict_client/google_rpc.proto",
        package="google.rpc",
        syntax="proto3",
        dependency=["google/protobuf/any.proto"],
    )
    status = fdp.message_type.add(name="Status")
    status.field.extend([
        _field("code", 1, _F.TYPE_INT32),
        _field("message", 2, _F.TYPE_STRING),
        _field("details", 3, _F.TYPE_MESSAGE, repeated=True, type_name=".google.protobuf.Any"),
    ])
    bad = fdp.message_type.add(name="BadRequest")
    fv = bad.nested_type.add(name="FieldViolation")
    fv.field.extend([_field("field", 1, _F.TYPE_STRING), _field("description", 2, _F.TYPE_STRING)])
    bad.field.append(
        _field("field_violations", 1, _F.TYPE_MESSAGE, repeated=True,
               type_name=".google.rpc.BadRequest.FieldViolation"))
    quota = fdp.message_type.add(name="QuotaFailure")
    qv = quota.nested_type.add(name="Violation")
    qv.field.extend([_field("subject", 1, _F.TYPE_STRING), _field("description", 2, _F.TYPE_STRING)])
    quota.field.append(
        _field("violations", 1, _F.TYPE_MESSAGE, repeated=True,
               type_name=".google.rpc.QuotaFailure.Violation"))
    pool.Add(fdp)

    get_class = getattr(message_factory, "GetMessageClass", None)  # protobuf >= 4.22
    factory = None if get_class else message_factory.MessageFactory(pool)
    out = {}
    for name in ("Status", "BadRequest", "QuotaFailure"):
        desc = pool.FindMessageTypeByName("google.rpc." + name)
        out[name] = get_class(desc) if get_class else factory.GetPrototype(desc)  # type: ignore[union-attr]
    return out


_CLASSES = _build()
Status: _AnyT = _CLASSES["Status"]
BadRequest: _AnyT = _CLASSES["BadRequest"]
QuotaFailure: _AnyT = _CLASSES["QuotaFailure"]


def unpack(any_msg: any_pb2.Any, cls: _AnyT) -> _AnyT | None:
    """Returns the message of type cls packed in any_msg, or None if it holds another type."""
    if any_msg.type_url.rpartition("/")[2] != cls.DESCRIPTOR.full_name:
        return None
    msg = cls()
    msg.ParseFromString(any_msg.value)
    return msg


def status_from_metadata(metadata: _AnyT) -> _AnyT | None:
    """Returns the google.rpc.Status of gRPC trailing metadata, or None.

    metadata is a sequence of (key, value) pairs as grpc gives them; the
    status is the value of ``grpc-status-details-bin``. Undecodable
    details give None: they only add to the status code and message.
    """
    for key, value in metadata or ():
        if key == STATUS_DETAILS_KEY:
            st = Status()
            try:
                st.ParseFromString(value if isinstance(value, bytes) else value.encode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed detail is no reason to fail differently
                return None
            return st
    return None
