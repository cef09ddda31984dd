from netverdict.v1 import config_pb2 as _config_pb2
from netverdict.v1 import decision_pb2 as _decision_pb2
from netverdict.v1 import decision_service_pb2 as _decision_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CHANGE_INDETERMINATE: Change
CHANGE_NEWLY_ALLOWED: Change
CHANGE_NEWLY_DENIED: Change
CHANGE_RULES_CHANGED: Change
CHANGE_UNCHANGED: Change
CHANGE_UNSPECIFIED: Change
DESCRIPTOR: _descriptor.FileDescriptor

class ChangeCount(_message.Message):
    __slots__ = ["change", "count"]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    change: Change
    count: int
    def __init__(self, change: _Optional[_Union[Change, str]] = ..., count: _Optional[int] = ...) -> None: ...

class ExistingConnection(_message.Message):
    __slots__ = ["fate", "reason"]
    class Fate(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    FATE_CUT: ExistingConnection.Fate
    FATE_FIELD_NUMBER: _ClassVar[int]
    FATE_SURVIVES: ExistingConnection.Fate
    FATE_UNKNOWN: ExistingConnection.Fate
    FATE_UNSPECIFIED: ExistingConnection.Fate
    REASON_FIELD_NUMBER: _ClassVar[int]
    fate: ExistingConnection.Fate
    reason: str
    def __init__(self, fate: _Optional[_Union[ExistingConnection.Fate, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class FlowComparison(_message.Message):
    __slots__ = ["base", "change", "existing", "flow_id", "proposed"]
    BASE_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    EXISTING_FIELD_NUMBER: _ClassVar[int]
    FLOW_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_FIELD_NUMBER: _ClassVar[int]
    base: _decision_pb2.Decision
    change: Change
    existing: ExistingConnection
    flow_id: str
    proposed: _decision_pb2.Decision
    def __init__(self, flow_id: _Optional[str] = ..., change: _Optional[_Union[Change, str]] = ..., base: _Optional[_Union[_decision_pb2.Decision, _Mapping]] = ..., proposed: _Optional[_Union[_decision_pb2.Decision, _Mapping]] = ..., existing: _Optional[_Union[ExistingConnection, _Mapping]] = ...) -> None: ...

class FlowComparisonBatch(_message.Message):
    __slots__ = ["comparisons"]
    COMPARISONS_FIELD_NUMBER: _ClassVar[int]
    comparisons: _containers.RepeatedCompositeFieldContainer[FlowComparison]
    def __init__(self, comparisons: _Optional[_Iterable[_Union[FlowComparison, _Mapping]]] = ...) -> None: ...

class KeyCount(_message.Message):
    __slots__ = ["count", "key"]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    count: int
    key: str
    def __init__(self, key: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class WhatIfConfig(_message.Message):
    __slots__ = ["base", "options", "proposed"]
    BASE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_FIELD_NUMBER: _ClassVar[int]
    base: _config_pb2.ConfigSource
    options: _decision_pb2.EvaluationOptions
    proposed: _config_pb2.ConfigSource
    def __init__(self, base: _Optional[_Union[_config_pb2.ConfigSource, _Mapping]] = ..., proposed: _Optional[_Union[_config_pb2.ConfigSource, _Mapping]] = ..., options: _Optional[_Union[_decision_pb2.EvaluationOptions, _Mapping]] = ...) -> None: ...

class WhatIfRequest(_message.Message):
    __slots__ = ["config", "flows"]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    FLOWS_FIELD_NUMBER: _ClassVar[int]
    config: WhatIfConfig
    flows: _decision_service_pb2.FlowBatch
    def __init__(self, config: _Optional[_Union[WhatIfConfig, _Mapping]] = ..., flows: _Optional[_Union[_decision_service_pb2.FlowBatch, _Mapping]] = ...) -> None: ...

class WhatIfResponse(_message.Message):
    __slots__ = ["comparisons", "summary"]
    COMPARISONS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    comparisons: FlowComparisonBatch
    summary: WhatIfSummary
    def __init__(self, comparisons: _Optional[_Union[FlowComparisonBatch, _Mapping]] = ..., summary: _Optional[_Union[WhatIfSummary, _Mapping]] = ...) -> None: ...

class WhatIfSummary(_message.Message):
    __slots__ = ["changes", "destinations", "existing_cut", "existing_survive", "flows", "rules"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    DESTINATIONS_FIELD_NUMBER: _ClassVar[int]
    EXISTING_CUT_FIELD_NUMBER: _ClassVar[int]
    EXISTING_SURVIVE_FIELD_NUMBER: _ClassVar[int]
    FLOWS_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[ChangeCount]
    destinations: _containers.RepeatedCompositeFieldContainer[KeyCount]
    existing_cut: int
    existing_survive: int
    flows: int
    rules: _containers.RepeatedCompositeFieldContainer[KeyCount]
    def __init__(self, flows: _Optional[int] = ..., changes: _Optional[_Iterable[_Union[ChangeCount, _Mapping]]] = ..., destinations: _Optional[_Iterable[_Union[KeyCount, _Mapping]]] = ..., rules: _Optional[_Iterable[_Union[KeyCount, _Mapping]]] = ..., existing_survive: _Optional[int] = ..., existing_cut: _Optional[int] = ...) -> None: ...

class Change(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
