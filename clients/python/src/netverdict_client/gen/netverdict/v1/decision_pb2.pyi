from netverdict.v1 import flow_pb2 as _flow_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DECISION_VIEW_BASIC: DecisionView
DECISION_VIEW_FULL: DecisionView
DECISION_VIEW_UNSPECIFIED: DecisionView
DECISION_VIEW_VERDICT: DecisionView
DESCRIPTOR: _descriptor.FileDescriptor
DIRECTION_EGRESS: Direction
DIRECTION_INGRESS: Direction
DIRECTION_UNSPECIFIED: Direction
LAYER_NETWORK_ACL: Layer
LAYER_NETWORK_FIREWALL: Layer
LAYER_SECURITY_GROUP: Layer
LAYER_UNSPECIFIED: Layer
LAYER_WAF: Layer
LEG_FORWARD: Leg
LEG_RETURN: Leg
LEG_UNSPECIFIED: Leg
VERDICT_ALLOW: Verdict
VERDICT_DENY: Verdict
VERDICT_INDETERMINATE: Verdict
VERDICT_UNSPECIFIED: Verdict

class Check(_message.Message):
    __slots__ = ["direction", "layer", "leg", "reason", "resource_id", "rules", "tracking", "verdict"]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    LAYER_FIELD_NUMBER: _ClassVar[int]
    LEG_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    TRACKING_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    direction: Direction
    layer: Layer
    leg: Leg
    reason: str
    resource_id: str
    rules: _containers.RepeatedCompositeFieldContainer[RuleRef]
    tracking: _flow_pb2.Tracking
    verdict: Verdict
    def __init__(self, layer: _Optional[_Union[Layer, str]] = ..., leg: _Optional[_Union[Leg, str]] = ..., direction: _Optional[_Union[Direction, str]] = ..., resource_id: _Optional[str] = ..., verdict: _Optional[_Union[Verdict, str]] = ..., rules: _Optional[_Iterable[_Union[RuleRef, _Mapping]]] = ..., tracking: _Optional[_Union[_flow_pb2.Tracking, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class Decision(_message.Message):
    __slots__ = ["checks", "flow_id", "verdict"]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    FLOW_ID_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    checks: _containers.RepeatedCompositeFieldContainer[Check]
    flow_id: str
    verdict: Verdict
    def __init__(self, flow_id: _Optional[str] = ..., verdict: _Optional[_Union[Verdict, str]] = ..., checks: _Optional[_Iterable[_Union[Check, _Mapping]]] = ...) -> None: ...

class EvaluationOptions(_message.Message):
    __slots__ = ["ephemeral_port_range", "view"]
    EPHEMERAL_PORT_RANGE_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    ephemeral_port_range: _flow_pb2.PortRange
    view: DecisionView
    def __init__(self, ephemeral_port_range: _Optional[_Union[_flow_pb2.PortRange, _Mapping]] = ..., view: _Optional[_Union[DecisionView, str]] = ...) -> None: ...

class RuleRef(_message.Message):
    __slots__ = ["description", "resource_id", "rule_id", "rule_number"]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    description: str
    resource_id: str
    rule_id: str
    rule_number: int
    def __init__(self, resource_id: _Optional[str] = ..., rule_id: _Optional[str] = ..., rule_number: _Optional[int] = ..., description: _Optional[str] = ...) -> None: ...

class Verdict(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Layer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Leg(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Direction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DecisionView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
