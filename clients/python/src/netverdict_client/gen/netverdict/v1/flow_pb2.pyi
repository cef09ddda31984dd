from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CONNECTION_STATE_ESTABLISHED: ConnectionState
CONNECTION_STATE_NEW: ConnectionState
CONNECTION_STATE_UNSPECIFIED: ConnectionState
DESCRIPTOR: _descriptor.FileDescriptor
TRACKING_AUTOMATIC: Tracking
TRACKING_TRACKED: Tracking
TRACKING_UNSPECIFIED: Tracking
TRACKING_UNTRACKED: Tracking

class Endpoint(_message.Message):
    __slots__ = ["ip", "network_interface_id", "resource_arn"]
    IP_FIELD_NUMBER: _ClassVar[int]
    NETWORK_INTERFACE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ARN_FIELD_NUMBER: _ClassVar[int]
    ip: str
    network_interface_id: str
    resource_arn: str
    def __init__(self, ip: _Optional[str] = ..., network_interface_id: _Optional[str] = ..., resource_arn: _Optional[str] = ...) -> None: ...

class Flow(_message.Message):
    __slots__ = ["application_protocol", "destination", "destination_port", "established_tracking", "fragmented", "http", "icmp_code", "icmp_type", "id", "ja3_fingerprint", "ja4_fingerprint", "protocol", "source", "source_port", "state", "tls_server_name"]
    APPLICATION_PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_PORT_FIELD_NUMBER: _ClassVar[int]
    ESTABLISHED_TRACKING_FIELD_NUMBER: _ClassVar[int]
    FRAGMENTED_FIELD_NUMBER: _ClassVar[int]
    HTTP_FIELD_NUMBER: _ClassVar[int]
    ICMP_CODE_FIELD_NUMBER: _ClassVar[int]
    ICMP_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    JA3_FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    JA4_FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TLS_SERVER_NAME_FIELD_NUMBER: _ClassVar[int]
    application_protocol: str
    destination: Endpoint
    destination_port: int
    established_tracking: Tracking
    fragmented: bool
    http: HttpRequest
    icmp_code: int
    icmp_type: int
    id: str
    ja3_fingerprint: str
    ja4_fingerprint: str
    protocol: str
    source: Endpoint
    source_port: int
    state: ConnectionState
    tls_server_name: str
    def __init__(self, id: _Optional[str] = ..., source: _Optional[_Union[Endpoint, _Mapping]] = ..., destination: _Optional[_Union[Endpoint, _Mapping]] = ..., protocol: _Optional[str] = ..., source_port: _Optional[int] = ..., destination_port: _Optional[int] = ..., icmp_type: _Optional[int] = ..., icmp_code: _Optional[int] = ..., state: _Optional[_Union[ConnectionState, str]] = ..., http: _Optional[_Union[HttpRequest, _Mapping]] = ..., tls_server_name: _Optional[str] = ..., established_tracking: _Optional[_Union[Tracking, str]] = ..., ja3_fingerprint: _Optional[str] = ..., ja4_fingerprint: _Optional[str] = ..., fragmented: bool = ..., application_protocol: _Optional[str] = ...) -> None: ...

class HttpHeader(_message.Message):
    __slots__ = ["name", "value"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class HttpRequest(_message.Message):
    __slots__ = ["body", "captcha_token_valid", "challenge_token_valid", "headers", "method", "query_string", "rate_limited_rules", "uri_fragment", "uri_path"]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CAPTCHA_TOKEN_VALID_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_TOKEN_VALID_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    QUERY_STRING_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMITED_RULES_FIELD_NUMBER: _ClassVar[int]
    URI_FRAGMENT_FIELD_NUMBER: _ClassVar[int]
    URI_PATH_FIELD_NUMBER: _ClassVar[int]
    body: bytes
    captcha_token_valid: bool
    challenge_token_valid: bool
    headers: _containers.RepeatedCompositeFieldContainer[HttpHeader]
    method: str
    query_string: str
    rate_limited_rules: _containers.RepeatedScalarFieldContainer[str]
    uri_fragment: str
    uri_path: str
    def __init__(self, method: _Optional[str] = ..., uri_path: _Optional[str] = ..., query_string: _Optional[str] = ..., headers: _Optional[_Iterable[_Union[HttpHeader, _Mapping]]] = ..., body: _Optional[bytes] = ..., uri_fragment: _Optional[str] = ..., captcha_token_valid: bool = ..., challenge_token_valid: bool = ..., rate_limited_rules: _Optional[_Iterable[str]] = ...) -> None: ...

class PortRange(_message.Message):
    __slots__ = ["from_port", "to_port"]
    FROM_PORT_FIELD_NUMBER: _ClassVar[int]
    TO_PORT_FIELD_NUMBER: _ClassVar[int]
    from_port: int
    to_port: int
    def __init__(self, from_port: _Optional[int] = ..., to_port: _Optional[int] = ...) -> None: ...

class ConnectionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Tracking(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
