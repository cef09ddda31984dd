from google.protobuf import timestamp_pb2 as _timestamp_pb2
from netverdict.v1 import config_pb2 as _config_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateSnapshotRequest(_message.Message):
    __slots__ = ["config"]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    config: _config_pb2.ConfigSource
    def __init__(self, config: _Optional[_Union[_config_pb2.ConfigSource, _Mapping]] = ...) -> None: ...

class CreateSnapshotResponse(_message.Message):
    __slots__ = ["created", "snapshot"]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    created: bool
    snapshot: Snapshot
    def __init__(self, snapshot: _Optional[_Union[Snapshot, _Mapping]] = ..., created: bool = ...) -> None: ...

class DeleteSnapshotRequest(_message.Message):
    __slots__ = ["name"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteSnapshotResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetSnapshotRequest(_message.Message):
    __slots__ = ["name"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetSnapshotResponse(_message.Message):
    __slots__ = ["snapshot"]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    snapshot: Snapshot
    def __init__(self, snapshot: _Optional[_Union[Snapshot, _Mapping]] = ...) -> None: ...

class ListSnapshotsRequest(_message.Message):
    __slots__ = ["page_size", "page_token"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSnapshotsResponse(_message.Message):
    __slots__ = ["next_page_token", "snapshots"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOTS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    snapshots: _containers.RepeatedCompositeFieldContainer[Snapshot]
    def __init__(self, snapshots: _Optional[_Iterable[_Union[Snapshot, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ResourceCounts(_message.Message):
    __slots__ = ["firewall_policies", "firewall_rule_groups", "firewalls", "ip_sets", "network_acl_entries", "network_acls", "network_interfaces", "prefix_lists", "regex_pattern_sets", "route_tables", "security_group_rules", "security_groups", "subnets", "vpcs", "waf_rule_groups", "web_acls"]
    FIREWALLS_FIELD_NUMBER: _ClassVar[int]
    FIREWALL_POLICIES_FIELD_NUMBER: _ClassVar[int]
    FIREWALL_RULE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    IP_SETS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_ACLS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_ACL_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NETWORK_INTERFACES_FIELD_NUMBER: _ClassVar[int]
    PREFIX_LISTS_FIELD_NUMBER: _ClassVar[int]
    REGEX_PATTERN_SETS_FIELD_NUMBER: _ClassVar[int]
    ROUTE_TABLES_FIELD_NUMBER: _ClassVar[int]
    SECURITY_GROUPS_FIELD_NUMBER: _ClassVar[int]
    SECURITY_GROUP_RULES_FIELD_NUMBER: _ClassVar[int]
    SUBNETS_FIELD_NUMBER: _ClassVar[int]
    VPCS_FIELD_NUMBER: _ClassVar[int]
    WAF_RULE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    WEB_ACLS_FIELD_NUMBER: _ClassVar[int]
    firewall_policies: int
    firewall_rule_groups: int
    firewalls: int
    ip_sets: int
    network_acl_entries: int
    network_acls: int
    network_interfaces: int
    prefix_lists: int
    regex_pattern_sets: int
    route_tables: int
    security_group_rules: int
    security_groups: int
    subnets: int
    vpcs: int
    waf_rule_groups: int
    web_acls: int
    def __init__(self, vpcs: _Optional[int] = ..., subnets: _Optional[int] = ..., network_interfaces: _Optional[int] = ..., security_groups: _Optional[int] = ..., security_group_rules: _Optional[int] = ..., network_acls: _Optional[int] = ..., network_acl_entries: _Optional[int] = ..., prefix_lists: _Optional[int] = ..., route_tables: _Optional[int] = ..., firewalls: _Optional[int] = ..., firewall_policies: _Optional[int] = ..., firewall_rule_groups: _Optional[int] = ..., web_acls: _Optional[int] = ..., ip_sets: _Optional[int] = ..., regex_pattern_sets: _Optional[int] = ..., waf_rule_groups: _Optional[int] = ...) -> None: ...

class Snapshot(_message.Message):
    __slots__ = ["create_time", "digest", "name", "resource_counts", "size_bytes", "warnings"]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_COUNTS_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    create_time: _timestamp_pb2.Timestamp
    digest: str
    name: str
    resource_counts: ResourceCounts
    size_bytes: int
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., digest: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., resource_counts: _Optional[_Union[ResourceCounts, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ..., size_bytes: _Optional[int] = ...) -> None: ...
