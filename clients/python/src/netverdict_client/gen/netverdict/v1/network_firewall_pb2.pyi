from netverdict.v1 import flow_pb2 as _flow_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
STATELESS_ACTION_DROP: StatelessAction
STATELESS_ACTION_FORWARD_TO_SFE: StatelessAction
STATELESS_ACTION_PASS: StatelessAction
STATELESS_ACTION_UNSPECIFIED: StatelessAction
TCP_FLAG_ACK: TcpFlag
TCP_FLAG_CWR: TcpFlag
TCP_FLAG_ECE: TcpFlag
TCP_FLAG_FIN: TcpFlag
TCP_FLAG_PSH: TcpFlag
TCP_FLAG_RST: TcpFlag
TCP_FLAG_SYN: TcpFlag
TCP_FLAG_UNSPECIFIED: TcpFlag
TCP_FLAG_URG: TcpFlag

class DomainList(_message.Message):
    __slots__ = ["generated_rules_type", "target_types", "targets"]
    GENERATED_RULES_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPES_FIELD_NUMBER: _ClassVar[int]
    generated_rules_type: str
    target_types: _containers.RepeatedScalarFieldContainer[str]
    targets: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, targets: _Optional[_Iterable[str]] = ..., target_types: _Optional[_Iterable[str]] = ..., generated_rules_type: _Optional[str] = ...) -> None: ...

class Firewall(_message.Message):
    __slots__ = ["arn", "endpoints", "name", "policy_arn", "subnet_ids", "vpc_id"]
    ARN_FIELD_NUMBER: _ClassVar[int]
    ENDPOINTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POLICY_ARN_FIELD_NUMBER: _ClassVar[int]
    SUBNET_IDS_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    arn: str
    endpoints: _containers.RepeatedCompositeFieldContainer[FirewallEndpoint]
    name: str
    policy_arn: str
    subnet_ids: _containers.RepeatedScalarFieldContainer[str]
    vpc_id: str
    def __init__(self, name: _Optional[str] = ..., arn: _Optional[str] = ..., vpc_id: _Optional[str] = ..., policy_arn: _Optional[str] = ..., subnet_ids: _Optional[_Iterable[str]] = ..., endpoints: _Optional[_Iterable[_Union[FirewallEndpoint, _Mapping]]] = ...) -> None: ...

class FirewallEndpoint(_message.Message):
    __slots__ = ["availability_zone", "endpoint_id", "subnet_id"]
    AVAILABILITY_ZONE_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBNET_ID_FIELD_NUMBER: _ClassVar[int]
    availability_zone: str
    endpoint_id: str
    subnet_id: str
    def __init__(self, availability_zone: _Optional[str] = ..., subnet_id: _Optional[str] = ..., endpoint_id: _Optional[str] = ...) -> None: ...

class FirewallPolicy(_message.Message):
    __slots__ = ["arn", "home_net", "name", "rule_order", "stateful_default_actions", "stateful_rule_group_references", "stateless_default_actions", "stateless_fragment_default_actions", "stateless_rule_group_references", "stream_exception_policy"]
    ARN_FIELD_NUMBER: _ClassVar[int]
    HOME_NET_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RULE_ORDER_FIELD_NUMBER: _ClassVar[int]
    STATEFUL_DEFAULT_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    STATEFUL_RULE_GROUP_REFERENCES_FIELD_NUMBER: _ClassVar[int]
    STATELESS_DEFAULT_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    STATELESS_FRAGMENT_DEFAULT_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    STATELESS_RULE_GROUP_REFERENCES_FIELD_NUMBER: _ClassVar[int]
    STREAM_EXCEPTION_POLICY_FIELD_NUMBER: _ClassVar[int]
    arn: str
    home_net: RuleVariable
    name: str
    rule_order: str
    stateful_default_actions: _containers.RepeatedScalarFieldContainer[str]
    stateful_rule_group_references: _containers.RepeatedCompositeFieldContainer[FirewallRuleGroupReference]
    stateless_default_actions: _containers.RepeatedScalarFieldContainer[str]
    stateless_fragment_default_actions: _containers.RepeatedScalarFieldContainer[str]
    stateless_rule_group_references: _containers.RepeatedCompositeFieldContainer[FirewallRuleGroupReference]
    stream_exception_policy: str
    def __init__(self, arn: _Optional[str] = ..., name: _Optional[str] = ..., stateless_rule_group_references: _Optional[_Iterable[_Union[FirewallRuleGroupReference, _Mapping]]] = ..., stateful_rule_group_references: _Optional[_Iterable[_Union[FirewallRuleGroupReference, _Mapping]]] = ..., stateless_default_actions: _Optional[_Iterable[str]] = ..., stateless_fragment_default_actions: _Optional[_Iterable[str]] = ..., stateful_default_actions: _Optional[_Iterable[str]] = ..., rule_order: _Optional[str] = ..., stream_exception_policy: _Optional[str] = ..., home_net: _Optional[_Union[RuleVariable, _Mapping]] = ...) -> None: ...

class FirewallRuleGroup(_message.Message):
    __slots__ = ["arn", "custom_actions", "domain_list", "ip_set_references", "ip_sets", "name", "port_sets", "rule_order", "rules_string", "stateful_rules", "stateless_rules", "type"]
    class IpSetReferencesEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class IpSetsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: RuleVariable
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[RuleVariable, _Mapping]] = ...) -> None: ...
    class PortSetsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: RuleVariable
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[RuleVariable, _Mapping]] = ...) -> None: ...
    ARN_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_LIST_FIELD_NUMBER: _ClassVar[int]
    IP_SETS_FIELD_NUMBER: _ClassVar[int]
    IP_SET_REFERENCES_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PORT_SETS_FIELD_NUMBER: _ClassVar[int]
    RULES_STRING_FIELD_NUMBER: _ClassVar[int]
    RULE_ORDER_FIELD_NUMBER: _ClassVar[int]
    STATEFUL_RULES_FIELD_NUMBER: _ClassVar[int]
    STATELESS_RULES_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    arn: str
    custom_actions: _containers.RepeatedScalarFieldContainer[str]
    domain_list: DomainList
    ip_set_references: _containers.ScalarMap[str, str]
    ip_sets: _containers.MessageMap[str, RuleVariable]
    name: str
    port_sets: _containers.MessageMap[str, RuleVariable]
    rule_order: str
    rules_string: str
    stateful_rules: _containers.RepeatedCompositeFieldContainer[StatefulRule]
    stateless_rules: _containers.RepeatedCompositeFieldContainer[StatelessRule]
    type: str
    def __init__(self, arn: _Optional[str] = ..., name: _Optional[str] = ..., type: _Optional[str] = ..., stateless_rules: _Optional[_Iterable[_Union[StatelessRule, _Mapping]]] = ..., custom_actions: _Optional[_Iterable[str]] = ..., rules_string: _Optional[str] = ..., stateful_rules: _Optional[_Iterable[_Union[StatefulRule, _Mapping]]] = ..., domain_list: _Optional[_Union[DomainList, _Mapping]] = ..., ip_sets: _Optional[_Mapping[str, RuleVariable]] = ..., port_sets: _Optional[_Mapping[str, RuleVariable]] = ..., ip_set_references: _Optional[_Mapping[str, str]] = ..., rule_order: _Optional[str] = ...) -> None: ...

class FirewallRuleGroupReference(_message.Message):
    __slots__ = ["override_action", "priority", "resource_arn"]
    OVERRIDE_ACTION_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ARN_FIELD_NUMBER: _ClassVar[int]
    override_action: str
    priority: int
    resource_arn: str
    def __init__(self, resource_arn: _Optional[str] = ..., priority: _Optional[int] = ..., override_action: _Optional[str] = ...) -> None: ...

class RuleVariable(_message.Message):
    __slots__ = ["definition"]
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    definition: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, definition: _Optional[_Iterable[str]] = ...) -> None: ...

class StatefulRule(_message.Message):
    __slots__ = ["action", "destination", "destination_port", "direction", "options", "protocol", "source", "source_port"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_PORT_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PORT_FIELD_NUMBER: _ClassVar[int]
    action: str
    destination: str
    destination_port: str
    direction: str
    options: _containers.RepeatedCompositeFieldContainer[StatefulRuleOption]
    protocol: str
    source: str
    source_port: str
    def __init__(self, action: _Optional[str] = ..., protocol: _Optional[str] = ..., source: _Optional[str] = ..., source_port: _Optional[str] = ..., direction: _Optional[str] = ..., destination: _Optional[str] = ..., destination_port: _Optional[str] = ..., options: _Optional[_Iterable[_Union[StatefulRuleOption, _Mapping]]] = ...) -> None: ...

class StatefulRuleOption(_message.Message):
    __slots__ = ["keyword", "settings"]
    KEYWORD_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    keyword: str
    settings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, keyword: _Optional[str] = ..., settings: _Optional[_Iterable[str]] = ...) -> None: ...

class StatelessRule(_message.Message):
    __slots__ = ["action", "custom_actions", "destination_ports", "destinations", "priority", "protocols", "source_ports", "sources", "tcp_flags"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    DESTINATIONS_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_PORTS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    PROTOCOLS_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PORTS_FIELD_NUMBER: _ClassVar[int]
    TCP_FLAGS_FIELD_NUMBER: _ClassVar[int]
    action: StatelessAction
    custom_actions: _containers.RepeatedScalarFieldContainer[str]
    destination_ports: _containers.RepeatedCompositeFieldContainer[_flow_pb2.PortRange]
    destinations: _containers.RepeatedScalarFieldContainer[str]
    priority: int
    protocols: _containers.RepeatedScalarFieldContainer[int]
    source_ports: _containers.RepeatedCompositeFieldContainer[_flow_pb2.PortRange]
    sources: _containers.RepeatedScalarFieldContainer[str]
    tcp_flags: _containers.RepeatedCompositeFieldContainer[TcpFlagMatch]
    def __init__(self, priority: _Optional[int] = ..., sources: _Optional[_Iterable[str]] = ..., destinations: _Optional[_Iterable[str]] = ..., source_ports: _Optional[_Iterable[_Union[_flow_pb2.PortRange, _Mapping]]] = ..., destination_ports: _Optional[_Iterable[_Union[_flow_pb2.PortRange, _Mapping]]] = ..., protocols: _Optional[_Iterable[int]] = ..., tcp_flags: _Optional[_Iterable[_Union[TcpFlagMatch, _Mapping]]] = ..., action: _Optional[_Union[StatelessAction, str]] = ..., custom_actions: _Optional[_Iterable[str]] = ...) -> None: ...

class TcpFlagMatch(_message.Message):
    __slots__ = ["flags", "masks"]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    MASKS_FIELD_NUMBER: _ClassVar[int]
    flags: _containers.RepeatedScalarFieldContainer[TcpFlag]
    masks: _containers.RepeatedScalarFieldContainer[TcpFlag]
    def __init__(self, flags: _Optional[_Iterable[_Union[TcpFlag, str]]] = ..., masks: _Optional[_Iterable[_Union[TcpFlag, str]]] = ...) -> None: ...

class StatelessAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TcpFlag(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
