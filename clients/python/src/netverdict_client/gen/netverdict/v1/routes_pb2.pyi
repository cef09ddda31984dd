from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ROUTE_STATE_ACTIVE: RouteState
ROUTE_STATE_BLACKHOLE: RouteState
ROUTE_STATE_UNSPECIFIED: RouteState
ROUTE_TARGET_TYPE_CARRIER_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_CORE_NETWORK: RouteTargetType
ROUTE_TARGET_TYPE_EGRESS_ONLY_INTERNET_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_INSTANCE: RouteTargetType
ROUTE_TARGET_TYPE_INTERNET_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_LOCAL: RouteTargetType
ROUTE_TARGET_TYPE_LOCAL_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_NAT_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_NETWORK_INTERFACE: RouteTargetType
ROUTE_TARGET_TYPE_OTHER: RouteTargetType
ROUTE_TARGET_TYPE_TRANSIT_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_UNSPECIFIED: RouteTargetType
ROUTE_TARGET_TYPE_VIRTUAL_PRIVATE_GATEWAY: RouteTargetType
ROUTE_TARGET_TYPE_VPC_ENDPOINT: RouteTargetType
ROUTE_TARGET_TYPE_VPC_PEERING_CONNECTION: RouteTargetType

class GatewayRouteTableAssociation(_message.Message):
    __slots__ = ["gateway_id", "id"]
    GATEWAY_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    gateway_id: str
    id: str
    def __init__(self, id: _Optional[str] = ..., gateway_id: _Optional[str] = ...) -> None: ...

class Route(_message.Message):
    __slots__ = ["destination_cidr", "destination_prefix_list_id", "network_interface_id", "origin", "state", "target_field", "target_id", "target_type"]
    DESTINATION_CIDR_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_PREFIX_LIST_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_INTERFACE_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    destination_cidr: str
    destination_prefix_list_id: str
    network_interface_id: str
    origin: str
    state: RouteState
    target_field: str
    target_id: str
    target_type: RouteTargetType
    def __init__(self, destination_cidr: _Optional[str] = ..., destination_prefix_list_id: _Optional[str] = ..., target_type: _Optional[_Union[RouteTargetType, str]] = ..., target_id: _Optional[str] = ..., target_field: _Optional[str] = ..., network_interface_id: _Optional[str] = ..., state: _Optional[_Union[RouteState, str]] = ..., origin: _Optional[str] = ...) -> None: ...

class RouteTable(_message.Message):
    __slots__ = ["associations", "gateway_associations", "id", "owner_id", "propagating_vgw_ids", "routes", "tags", "vpc_id"]
    ASSOCIATIONS_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_ASSOCIATIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PROPAGATING_VGW_IDS_FIELD_NUMBER: _ClassVar[int]
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    VPC_ID_FIELD_NUMBER: _ClassVar[int]
    associations: _containers.RepeatedCompositeFieldContainer[RouteTableAssociation]
    gateway_associations: _containers.RepeatedCompositeFieldContainer[GatewayRouteTableAssociation]
    id: str
    owner_id: str
    propagating_vgw_ids: _containers.RepeatedScalarFieldContainer[str]
    routes: _containers.RepeatedCompositeFieldContainer[Route]
    tags: _containers.RepeatedCompositeFieldContainer[Tag]
    vpc_id: str
    def __init__(self, id: _Optional[str] = ..., vpc_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., routes: _Optional[_Iterable[_Union[Route, _Mapping]]] = ..., associations: _Optional[_Iterable[_Union[RouteTableAssociation, _Mapping]]] = ..., gateway_associations: _Optional[_Iterable[_Union[GatewayRouteTableAssociation, _Mapping]]] = ..., propagating_vgw_ids: _Optional[_Iterable[str]] = ..., tags: _Optional[_Iterable[_Union[Tag, _Mapping]]] = ...) -> None: ...

class RouteTableAssociation(_message.Message):
    __slots__ = ["id", "main", "subnet_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    MAIN_FIELD_NUMBER: _ClassVar[int]
    SUBNET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    main: bool
    subnet_id: str
    def __init__(self, id: _Optional[str] = ..., subnet_id: _Optional[str] = ..., main: bool = ...) -> None: ...

class Tag(_message.Message):
    __slots__ = ["key", "value"]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: str
    def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class RouteTargetType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class RouteState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
