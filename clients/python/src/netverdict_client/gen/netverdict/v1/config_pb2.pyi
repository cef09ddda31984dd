from netverdict.v1 import flow_pb2 as _flow_pb2
from netverdict.v1 import network_firewall_pb2 as _network_firewall_pb2
from netverdict.v1 import routes_pb2 as _routes_pb2
from netverdict.v1 import waf_pb2 as _waf_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
RULE_ACTION_ALLOW: RuleAction
RULE_ACTION_DENY: RuleAction
RULE_ACTION_UNSPECIFIED: RuleAction
SEARCH_STRING_ENCODING_BASE64: SearchStringEncoding
SEARCH_STRING_ENCODING_PLAIN: SearchStringEncoding
SEARCH_STRING_ENCODING_UNSPECIFIED: SearchStringEncoding

class AwsDocument(_message.Message):
    __slots__ = ["content", "name", "search_string_encoding"]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SEARCH_STRING_ENCODING_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    name: str
    search_string_encoding: SearchStringEncoding
    def __init__(self, name: _Optional[str] = ..., content: _Optional[bytes] = ..., search_string_encoding: _Optional[_Union[SearchStringEncoding, str]] = ...) -> None: ...

class AwsDocuments(_message.Message):
    __slots__ = ["documents"]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[AwsDocument]
    def __init__(self, documents: _Optional[_Iterable[_Union[AwsDocument, _Mapping]]] = ...) -> None: ...

class ConfigSource(_message.Message):
    __slots__ = ["aws_documents", "network_config", "snapshot"]
    AWS_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_CONFIG_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    aws_documents: AwsDocuments
    network_config: NetworkConfig
    snapshot: str
    def __init__(self, network_config: _Optional[_Union[NetworkConfig, _Mapping]] = ..., aws_documents: _Optional[_Union[AwsDocuments, _Mapping]] = ..., snapshot: _Optional[str] = ...) -> None: ...

class IcmpTypeCode(_message.Message):
    __slots__ = ["code", "type"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    code: int
    type: int
    def __init__(self, type: _Optional[int] = ..., code: _Optional[int] = ...) -> None: ...

class NetworkAcl(_message.Message):
    __slots__ = ["associations", "entries", "id", "is_default", "owner_id", "vpc_id"]
    ASSOCIATIONS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    associations: _containers.RepeatedCompositeFieldContainer[NetworkAclAssociation]
    entries: _containers.RepeatedCompositeFieldContainer[NetworkAclEntry]
    id: str
    is_default: bool
    owner_id: str
    vpc_id: str
    def __init__(self, id: _Optional[str] = ..., vpc_id: _Optional[str] = ..., is_default: bool = ..., owner_id: _Optional[str] = ..., associations: _Optional[_Iterable[_Union[NetworkAclAssociation, _Mapping]]] = ..., entries: _Optional[_Iterable[_Union[NetworkAclEntry, _Mapping]]] = ...) -> None: ...

class NetworkAclAssociation(_message.Message):
    __slots__ = ["id", "subnet_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    SUBNET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    subnet_id: str
    def __init__(self, id: _Optional[str] = ..., subnet_id: _Optional[str] = ...) -> None: ...

class NetworkAclEntry(_message.Message):
    __slots__ = ["cidr", "egress", "icmp_type_code", "port_range", "protocol", "rule_action", "rule_number"]
    CIDR_FIELD_NUMBER: _ClassVar[int]
    EGRESS_FIELD_NUMBER: _ClassVar[int]
    ICMP_TYPE_CODE_FIELD_NUMBER: _ClassVar[int]
    PORT_RANGE_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    RULE_ACTION_FIELD_NUMBER: _ClassVar[int]
    RULE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    cidr: str
    egress: bool
    icmp_type_code: IcmpTypeCode
    port_range: _flow_pb2.PortRange
    protocol: str
    rule_action: RuleAction
    rule_number: int
    def __init__(self, rule_number: _Optional[int] = ..., egress: bool = ..., protocol: _Optional[str] = ..., rule_action: _Optional[_Union[RuleAction, str]] = ..., cidr: _Optional[str] = ..., port_range: _Optional[_Union[_flow_pb2.PortRange, _Mapping]] = ..., icmp_type_code: _Optional[_Union[IcmpTypeCode, _Mapping]] = ...) -> None: ...

class NetworkConfig(_message.Message):
    __slots__ = ["firewall_policies", "firewall_rule_groups", "firewalls", "ip_sets", "network_acls", "network_interfaces", "prefix_lists", "regex_pattern_sets", "route_tables", "security_groups", "subnets", "vpcs", "waf_rule_groups", "web_acl_associations", "web_acls"]
    FIREWALLS_FIELD_NUMBER: _ClassVar[int]
    FIREWALL_POLICIES_FIELD_NUMBER: _ClassVar[int]
    FIREWALL_RULE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    IP_SETS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_ACLS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_INTERFACES_FIELD_NUMBER: _ClassVar[int]
    PREFIX_LISTS_FIELD_NUMBER: _ClassVar[int]
    REGEX_PATTERN_SETS_FIELD_NUMBER: _ClassVar[int]
    ROUTE_TABLES_FIELD_NUMBER: _ClassVar[int]
    SECURITY_GROUPS_FIELD_NUMBER: _ClassVar[int]
    SUBNETS_FIELD_NUMBER: _ClassVar[int]
    VPCS_FIELD_NUMBER: _ClassVar[int]
    WAF_RULE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    WEB_ACLS_FIELD_NUMBER: _ClassVar[int]
    WEB_ACL_ASSOCIATIONS_FIELD_NUMBER: _ClassVar[int]
    firewall_policies: _containers.RepeatedCompositeFieldContainer[_network_firewall_pb2.FirewallPolicy]
    firewall_rule_groups: _containers.RepeatedCompositeFieldContainer[_network_firewall_pb2.FirewallRuleGroup]
    firewalls: _containers.RepeatedCompositeFieldContainer[_network_firewall_pb2.Firewall]
    ip_sets: _containers.RepeatedCompositeFieldContainer[_waf_pb2.IpSet]
    network_acls: _containers.RepeatedCompositeFieldContainer[NetworkAcl]
    network_interfaces: _containers.RepeatedCompositeFieldContainer[NetworkInterface]
    prefix_lists: _containers.RepeatedCompositeFieldContainer[PrefixList]
    regex_pattern_sets: _containers.RepeatedCompositeFieldContainer[_waf_pb2.RegexPatternSet]
    route_tables: _containers.RepeatedCompositeFieldContainer[_routes_pb2.RouteTable]
    security_groups: _containers.RepeatedCompositeFieldContainer[SecurityGroup]
    subnets: _containers.RepeatedCompositeFieldContainer[Subnet]
    vpcs: _containers.RepeatedCompositeFieldContainer[Vpc]
    waf_rule_groups: _containers.RepeatedCompositeFieldContainer[_waf_pb2.WafRuleGroup]
    web_acl_associations: _containers.RepeatedCompositeFieldContainer[_waf_pb2.WebAclAssociation]
    web_acls: _containers.RepeatedCompositeFieldContainer[_waf_pb2.WebAcl]
    def __init__(self, vpcs: _Optional[_Iterable[_Union[Vpc, _Mapping]]] = ..., subnets: _Optional[_Iterable[_Union[Subnet, _Mapping]]] = ..., network_interfaces: _Optional[_Iterable[_Union[NetworkInterface, _Mapping]]] = ..., security_groups: _Optional[_Iterable[_Union[SecurityGroup, _Mapping]]] = ..., network_acls: _Optional[_Iterable[_Union[NetworkAcl, _Mapping]]] = ..., prefix_lists: _Optional[_Iterable[_Union[PrefixList, _Mapping]]] = ..., route_tables: _Optional[_Iterable[_Union[_routes_pb2.RouteTable, _Mapping]]] = ..., firewalls: _Optional[_Iterable[_Union[_network_firewall_pb2.Firewall, _Mapping]]] = ..., firewall_policies: _Optional[_Iterable[_Union[_network_firewall_pb2.FirewallPolicy, _Mapping]]] = ..., firewall_rule_groups: _Optional[_Iterable[_Union[_network_firewall_pb2.FirewallRuleGroup, _Mapping]]] = ..., web_acls: _Optional[_Iterable[_Union[_waf_pb2.WebAcl, _Mapping]]] = ..., ip_sets: _Optional[_Iterable[_Union[_waf_pb2.IpSet, _Mapping]]] = ..., regex_pattern_sets: _Optional[_Iterable[_Union[_waf_pb2.RegexPatternSet, _Mapping]]] = ..., waf_rule_groups: _Optional[_Iterable[_Union[_waf_pb2.WafRuleGroup, _Mapping]]] = ..., web_acl_associations: _Optional[_Iterable[_Union[_waf_pb2.WebAclAssociation, _Mapping]]] = ...) -> None: ...

class NetworkInterface(_message.Message):
    __slots__ = ["description", "id", "interface_type", "private_ip_addresses", "public_ip_addresses", "security_group_ids", "subnet_id", "vpc_id"]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INTERFACE_TYPE_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_IP_ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_IP_ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    SECURITY_GROUP_IDS_FIELD_NUMBER: _ClassVar[int]
    SUBNET_ID_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    description: str
    id: str
    interface_type: str
    private_ip_addresses: _containers.RepeatedScalarFieldContainer[str]
    public_ip_addresses: _containers.RepeatedScalarFieldContainer[str]
    security_group_ids: _containers.RepeatedScalarFieldContainer[str]
    subnet_id: str
    vpc_id: str
    def __init__(self, id: _Optional[str] = ..., subnet_id: _Optional[str] = ..., vpc_id: _Optional[str] = ..., interface_type: _Optional[str] = ..., description: _Optional[str] = ..., private_ip_addresses: _Optional[_Iterable[str]] = ..., public_ip_addresses: _Optional[_Iterable[str]] = ..., security_group_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PrefixList(_message.Message):
    __slots__ = ["address_family", "entries", "entries_known", "id", "max_entries", "name", "owner_id"]
    ADDRESS_FAMILY_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_KNOWN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MAX_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    address_family: str
    entries: _containers.RepeatedCompositeFieldContainer[PrefixListEntry]
    entries_known: bool
    id: str
    max_entries: int
    name: str
    owner_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., address_family: _Optional[str] = ..., owner_id: _Optional[str] = ..., max_entries: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[PrefixListEntry, _Mapping]]] = ..., entries_known: bool = ...) -> None: ...

class PrefixListEntry(_message.Message):
    __slots__ = ["cidr", "description"]
    CIDR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    cidr: str
    description: str
    def __init__(self, cidr: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ReferencedGroup(_message.Message):
    __slots__ = ["group_id", "peering_status", "user_id", "vpc_id", "vpc_peering_connection_id"]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    PEERING_STATUS_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    VPC_PEERING_CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    peering_status: str
    user_id: str
    vpc_id: str
    vpc_peering_connection_id: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., vpc_id: _Optional[str] = ..., vpc_peering_connection_id: _Optional[str] = ..., peering_status: _Optional[str] = ...) -> None: ...

class SecurityGroup(_message.Message):
    __slots__ = ["id", "name", "owner_id", "rules", "vpc_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    owner_id: str
    rules: _containers.RepeatedCompositeFieldContainer[SecurityGroupRule]
    vpc_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., vpc_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[SecurityGroupRule, _Mapping]]] = ...) -> None: ...

class SecurityGroupRule(_message.Message):
    __slots__ = ["cidr", "description", "egress", "from_port", "id", "ip_protocol", "prefix_list_id", "referenced_group", "to_port"]
    CIDR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EGRESS_FIELD_NUMBER: _ClassVar[int]
    FROM_PORT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IP_PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    PREFIX_LIST_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCED_GROUP_FIELD_NUMBER: _ClassVar[int]
    TO_PORT_FIELD_NUMBER: _ClassVar[int]
    cidr: str
    description: str
    egress: bool
    from_port: int
    id: str
    ip_protocol: str
    prefix_list_id: str
    referenced_group: ReferencedGroup
    to_port: int
    def __init__(self, id: _Optional[str] = ..., egress: bool = ..., ip_protocol: _Optional[str] = ..., from_port: _Optional[int] = ..., to_port: _Optional[int] = ..., cidr: _Optional[str] = ..., prefix_list_id: _Optional[str] = ..., referenced_group: _Optional[_Union[ReferencedGroup, _Mapping]] = ..., description: _Optional[str] = ...) -> None: ...

class Subnet(_message.Message):
    __slots__ = ["availability_zone", "cidr_blocks", "id", "vpc_id"]
    AVAILABILITY_ZONE_FIELD_NUMBER: _ClassVar[int]
    CIDR_BLOCKS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    availability_zone: str
    cidr_blocks: _containers.RepeatedScalarFieldContainer[str]
    id: str
    vpc_id: str
    def __init__(self, id: _Optional[str] = ..., vpc_id: _Optional[str] = ..., availability_zone: _Optional[str] = ..., cidr_blocks: _Optional[_Iterable[str]] = ...) -> None: ...

class Vpc(_message.Message):
    __slots__ = ["cidr_blocks", "id", "owner_id"]
    CIDR_BLOCKS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    cidr_blocks: _containers.RepeatedScalarFieldContainer[str]
    id: str
    owner_id: str
    def __init__(self, id: _Optional[str] = ..., owner_id: _Optional[str] = ..., cidr_blocks: _Optional[_Iterable[str]] = ...) -> None: ...

class SearchStringEncoding(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class RuleAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
