from netverdict.v1 import config_pb2 as _config_pb2
from netverdict.v1 import decision_pb2 as _decision_pb2
from netverdict.v1 import flow_pb2 as _flow_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EvaluateRequest(_message.Message):
    __slots__ = ["config", "flows", "options"]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    FLOWS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    config: _config_pb2.ConfigSource
    flows: _containers.RepeatedCompositeFieldContainer[_flow_pb2.Flow]
    options: _decision_pb2.EvaluationOptions
    def __init__(self, config: _Optional[_Union[_config_pb2.ConfigSource, _Mapping]] = ..., flows: _Optional[_Iterable[_Union[_flow_pb2.Flow, _Mapping]]] = ..., options: _Optional[_Union[_decision_pb2.EvaluationOptions, _Mapping]] = ...) -> None: ...

class EvaluateResponse(_message.Message):
    __slots__ = ["decisions"]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    decisions: _containers.RepeatedCompositeFieldContainer[_decision_pb2.Decision]
    def __init__(self, decisions: _Optional[_Iterable[_Union[_decision_pb2.Decision, _Mapping]]] = ...) -> None: ...

class EvaluateStreamRequest(_message.Message):
    __slots__ = ["config", "flows"]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    FLOWS_FIELD_NUMBER: _ClassVar[int]
    config: StreamConfig
    flows: FlowBatch
    def __init__(self, config: _Optional[_Union[StreamConfig, _Mapping]] = ..., flows: _Optional[_Union[FlowBatch, _Mapping]] = ...) -> None: ...

class EvaluateStreamResponse(_message.Message):
    __slots__ = ["decisions"]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    decisions: _containers.RepeatedCompositeFieldContainer[_decision_pb2.Decision]
    def __init__(self, decisions: _Optional[_Iterable[_Union[_decision_pb2.Decision, _Mapping]]] = ...) -> None: ...

class FlowBatch(_message.Message):
    __slots__ = ["flows"]
    FLOWS_FIELD_NUMBER: _ClassVar[int]
    flows: _containers.RepeatedCompositeFieldContainer[_flow_pb2.Flow]
    def __init__(self, flows: _Optional[_Iterable[_Union[_flow_pb2.Flow, _Mapping]]] = ...) -> None: ...

class StreamConfig(_message.Message):
    __slots__ = ["options", "source"]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    options: _decision_pb2.EvaluationOptions
    source: _config_pb2.ConfigSource
    def __init__(self, source: _Optional[_Union[_config_pb2.ConfigSource, _Mapping]] = ..., options: _Optional[_Union[_decision_pb2.EvaluationOptions, _Mapping]] = ...) -> None: ...
