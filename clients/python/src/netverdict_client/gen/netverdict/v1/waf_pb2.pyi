from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
WAF_ACTION_KIND_ALLOW: WafActionKind
WAF_ACTION_KIND_BLOCK: WafActionKind
WAF_ACTION_KIND_CAPTCHA: WafActionKind
WAF_ACTION_KIND_CHALLENGE: WafActionKind
WAF_ACTION_KIND_COUNT: WafActionKind
WAF_ACTION_KIND_MONETIZE: WafActionKind
WAF_ACTION_KIND_UNSPECIFIED: WafActionKind
WAF_FIELD_KIND_ALL_QUERY_ARGUMENTS: WafFieldKind
WAF_FIELD_KIND_BODY: WafFieldKind
WAF_FIELD_KIND_COOKIES: WafFieldKind
WAF_FIELD_KIND_HEADERS: WafFieldKind
WAF_FIELD_KIND_HEADER_ORDER: WafFieldKind
WAF_FIELD_KIND_JA3_FINGERPRINT: WafFieldKind
WAF_FIELD_KIND_JA4_FINGERPRINT: WafFieldKind
WAF_FIELD_KIND_JSON_BODY: WafFieldKind
WAF_FIELD_KIND_METHOD: WafFieldKind
WAF_FIELD_KIND_QUERY_STRING: WafFieldKind
WAF_FIELD_KIND_SINGLE_HEADER: WafFieldKind
WAF_FIELD_KIND_SINGLE_QUERY_ARGUMENT: WafFieldKind
WAF_FIELD_KIND_UNSPECIFIED: WafFieldKind
WAF_FIELD_KIND_URI_FRAGMENT: WafFieldKind
WAF_FIELD_KIND_URI_PATH: WafFieldKind
WAF_OVERRIDE_ACTION_COUNT: WafOverrideAction
WAF_OVERRIDE_ACTION_NONE: WafOverrideAction
WAF_OVERRIDE_ACTION_UNSPECIFIED: WafOverrideAction
WAF_STATEMENT_KIND_AND: WafStatementKind
WAF_STATEMENT_KIND_ASN_MATCH: WafStatementKind
WAF_STATEMENT_KIND_BYTE_MATCH: WafStatementKind
WAF_STATEMENT_KIND_GEO_MATCH: WafStatementKind
WAF_STATEMENT_KIND_IP_SET_REFERENCE: WafStatementKind
WAF_STATEMENT_KIND_LABEL_MATCH: WafStatementKind
WAF_STATEMENT_KIND_MANAGED_RULE_GROUP: WafStatementKind
WAF_STATEMENT_KIND_NOT: WafStatementKind
WAF_STATEMENT_KIND_OR: WafStatementKind
WAF_STATEMENT_KIND_RATE_BASED: WafStatementKind
WAF_STATEMENT_KIND_REGEX_MATCH: WafStatementKind
WAF_STATEMENT_KIND_REGEX_PATTERN_SET_REFERENCE: WafStatementKind
WAF_STATEMENT_KIND_RULE_GROUP_REFERENCE: WafStatementKind
WAF_STATEMENT_KIND_SIZE_CONSTRAINT: WafStatementKind
WAF_STATEMENT_KIND_SQLI_MATCH: WafStatementKind
WAF_STATEMENT_KIND_UNSPECIFIED: WafStatementKind
WAF_STATEMENT_KIND_XSS_MATCH: WafStatementKind

class IpSet(_message.Message):
    __slots__ = ["addresses", "arn", "description", "id", "ip_address_version", "name"]
    ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    ARN_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    addresses: _containers.RepeatedScalarFieldContainer[str]
    arn: str
    description: str
    id: str
    ip_address_version: str
    name: str
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., arn: _Optional[str] = ..., description: _Optional[str] = ..., ip_address_version: _Optional[str] = ..., addresses: _Optional[_Iterable[str]] = ...) -> None: ...

class RegexPatternSet(_message.Message):
    __slots__ = ["arn", "description", "id", "name", "regex_strings"]
    ARN_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REGEX_STRINGS_FIELD_NUMBER: _ClassVar[int]
    arn: str
    description: str
    id: str
    name: str
    regex_strings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., arn: _Optional[str] = ..., description: _Optional[str] = ..., regex_strings: _Optional[_Iterable[str]] = ...) -> None: ...

class WafAction(_message.Message):
    __slots__ = ["kind", "response_code"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_CODE_FIELD_NUMBER: _ClassVar[int]
    kind: WafActionKind
    response_code: int
    def __init__(self, kind: _Optional[_Union[WafActionKind, str]] = ..., response_code: _Optional[int] = ...) -> None: ...

class WafBodyLimit(_message.Message):
    __slots__ = ["bytes", "resource_type"]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    bytes: int
    resource_type: str
    def __init__(self, resource_type: _Optional[str] = ..., bytes: _Optional[int] = ...) -> None: ...

class WafFieldToMatch(_message.Message):
    __slots__ = ["all", "excluded", "fallback_behavior", "included", "invalid_fallback_behavior", "kind", "match_scope", "name", "oversize_handling"]
    ALL_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    INCLUDED_FIELD_NUMBER: _ClassVar[int]
    INVALID_FALLBACK_BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MATCH_SCOPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OVERSIZE_HANDLING_FIELD_NUMBER: _ClassVar[int]
    all: bool
    excluded: _containers.RepeatedScalarFieldContainer[str]
    fallback_behavior: str
    included: _containers.RepeatedScalarFieldContainer[str]
    invalid_fallback_behavior: str
    kind: WafFieldKind
    match_scope: str
    name: str
    oversize_handling: str
    def __init__(self, kind: _Optional[_Union[WafFieldKind, str]] = ..., name: _Optional[str] = ..., match_scope: _Optional[str] = ..., all: bool = ..., included: _Optional[_Iterable[str]] = ..., excluded: _Optional[_Iterable[str]] = ..., oversize_handling: _Optional[str] = ..., invalid_fallback_behavior: _Optional[str] = ..., fallback_behavior: _Optional[str] = ...) -> None: ...

class WafForwardedIpConfig(_message.Message):
    __slots__ = ["fallback_behavior", "header_name", "position"]
    FALLBACK_BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    HEADER_NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    fallback_behavior: str
    header_name: str
    position: str
    def __init__(self, header_name: _Optional[str] = ..., fallback_behavior: _Optional[str] = ..., position: _Optional[str] = ...) -> None: ...

class WafRule(_message.Message):
    __slots__ = ["action", "labels", "name", "override_action", "priority", "source_path", "statement"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_ACTION_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PATH_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    action: WafAction
    labels: _containers.RepeatedScalarFieldContainer[str]
    name: str
    override_action: WafOverrideAction
    priority: int
    source_path: str
    statement: WafStatement
    def __init__(self, name: _Optional[str] = ..., priority: _Optional[int] = ..., statement: _Optional[_Union[WafStatement, _Mapping]] = ..., action: _Optional[_Union[WafAction, _Mapping]] = ..., override_action: _Optional[_Union[WafOverrideAction, str]] = ..., labels: _Optional[_Iterable[str]] = ..., source_path: _Optional[str] = ...) -> None: ...

class WafRuleActionOverride(_message.Message):
    __slots__ = ["action", "name"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    action: WafAction
    name: str
    def __init__(self, name: _Optional[str] = ..., action: _Optional[_Union[WafAction, _Mapping]] = ...) -> None: ...

class WafRuleGroup(_message.Message):
    __slots__ = ["arn", "capacity", "description", "id", "label_namespace", "name", "rules", "source_path"]
    ARN_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PATH_FIELD_NUMBER: _ClassVar[int]
    arn: str
    capacity: int
    description: str
    id: str
    label_namespace: str
    name: str
    rules: _containers.RepeatedCompositeFieldContainer[WafRule]
    source_path: str
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., arn: _Optional[str] = ..., description: _Optional[str] = ..., label_namespace: _Optional[str] = ..., capacity: _Optional[int] = ..., rules: _Optional[_Iterable[_Union[WafRule, _Mapping]]] = ..., source_path: _Optional[str] = ...) -> None: ...

class WafStatement(_message.Message):
    __slots__ = ["aggregate_key_type", "arn", "asns", "comparison_operator", "country_codes", "custom_key_count", "evaluation_window_sec", "excluded_rules", "field_to_match", "forwarded_ip_config", "kind", "label_key", "label_scope", "name", "positional_constraint", "pre_parse_text_transformations", "rate_limit", "regex_string", "rule_action_overrides", "scope_down_statement", "search_string", "sensitivity_level", "size", "source_path", "statements", "text_transformations", "vendor_name", "version"]
    AGGREGATE_KEY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ARN_FIELD_NUMBER: _ClassVar[int]
    ASNS_FIELD_NUMBER: _ClassVar[int]
    COMPARISON_OPERATOR_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODES_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_KEY_COUNT_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_WINDOW_SEC_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_RULES_FIELD_NUMBER: _ClassVar[int]
    FIELD_TO_MATCH_FIELD_NUMBER: _ClassVar[int]
    FORWARDED_IP_CONFIG_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LABEL_KEY_FIELD_NUMBER: _ClassVar[int]
    LABEL_SCOPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITIONAL_CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    PRE_PARSE_TEXT_TRANSFORMATIONS_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    REGEX_STRING_FIELD_NUMBER: _ClassVar[int]
    RULE_ACTION_OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    SCOPE_DOWN_STATEMENT_FIELD_NUMBER: _ClassVar[int]
    SEARCH_STRING_FIELD_NUMBER: _ClassVar[int]
    SENSITIVITY_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PATH_FIELD_NUMBER: _ClassVar[int]
    STATEMENTS_FIELD_NUMBER: _ClassVar[int]
    TEXT_TRANSFORMATIONS_FIELD_NUMBER: _ClassVar[int]
    VENDOR_NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    aggregate_key_type: str
    arn: str
    asns: _containers.RepeatedScalarFieldContainer[int]
    comparison_operator: str
    country_codes: _containers.RepeatedScalarFieldContainer[str]
    custom_key_count: int
    evaluation_window_sec: int
    excluded_rules: _containers.RepeatedScalarFieldContainer[str]
    field_to_match: WafFieldToMatch
    forwarded_ip_config: WafForwardedIpConfig
    kind: WafStatementKind
    label_key: str
    label_scope: str
    name: str
    positional_constraint: str
    pre_parse_text_transformations: _containers.RepeatedCompositeFieldContainer[WafTextTransformation]
    rate_limit: int
    regex_string: str
    rule_action_overrides: _containers.RepeatedCompositeFieldContainer[WafRuleActionOverride]
    scope_down_statement: WafStatement
    search_string: bytes
    sensitivity_level: str
    size: int
    source_path: str
    statements: _containers.RepeatedCompositeFieldContainer[WafStatement]
    text_transformations: _containers.RepeatedCompositeFieldContainer[WafTextTransformation]
    vendor_name: str
    version: str
    def __init__(self, kind: _Optional[_Union[WafStatementKind, str]] = ..., source_path: _Optional[str] = ..., field_to_match: _Optional[_Union[WafFieldToMatch, _Mapping]] = ..., text_transformations: _Optional[_Iterable[_Union[WafTextTransformation, _Mapping]]] = ..., pre_parse_text_transformations: _Optional[_Iterable[_Union[WafTextTransformation, _Mapping]]] = ..., search_string: _Optional[bytes] = ..., positional_constraint: _Optional[str] = ..., regex_string: _Optional[str] = ..., arn: _Optional[str] = ..., comparison_operator: _Optional[str] = ..., size: _Optional[int] = ..., sensitivity_level: _Optional[str] = ..., forwarded_ip_config: _Optional[_Union[WafForwardedIpConfig, _Mapping]] = ..., country_codes: _Optional[_Iterable[str]] = ..., asns: _Optional[_Iterable[int]] = ..., label_scope: _Optional[str] = ..., label_key: _Optional[str] = ..., statements: _Optional[_Iterable[_Union[WafStatement, _Mapping]]] = ..., rate_limit: _Optional[int] = ..., evaluation_window_sec: _Optional[int] = ..., aggregate_key_type: _Optional[str] = ..., scope_down_statement: _Optional[_Union[WafStatement, _Mapping]] = ..., vendor_name: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., excluded_rules: _Optional[_Iterable[str]] = ..., rule_action_overrides: _Optional[_Iterable[_Union[WafRuleActionOverride, _Mapping]]] = ..., custom_key_count: _Optional[int] = ...) -> None: ...

class WafTextTransformation(_message.Message):
    __slots__ = ["priority", "type"]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    priority: int
    type: str
    def __init__(self, priority: _Optional[int] = ..., type: _Optional[str] = ...) -> None: ...

class WebAcl(_message.Message):
    __slots__ = ["arn", "body_limits", "default_action", "description", "id", "label_namespace", "name", "post_process_rule_groups", "pre_process_rule_groups", "rules", "source_path"]
    ARN_FIELD_NUMBER: _ClassVar[int]
    BODY_LIMITS_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_ACTION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POST_PROCESS_RULE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    PRE_PROCESS_RULE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    SOURCE_PATH_FIELD_NUMBER: _ClassVar[int]
    arn: str
    body_limits: _containers.RepeatedCompositeFieldContainer[WafBodyLimit]
    default_action: WafAction
    description: str
    id: str
    label_namespace: str
    name: str
    post_process_rule_groups: _containers.RepeatedCompositeFieldContainer[WafRule]
    pre_process_rule_groups: _containers.RepeatedCompositeFieldContainer[WafRule]
    rules: _containers.RepeatedCompositeFieldContainer[WafRule]
    source_path: str
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., arn: _Optional[str] = ..., description: _Optional[str] = ..., default_action: _Optional[_Union[WafAction, _Mapping]] = ..., rules: _Optional[_Iterable[_Union[WafRule, _Mapping]]] = ..., pre_process_rule_groups: _Optional[_Iterable[_Union[WafRule, _Mapping]]] = ..., post_process_rule_groups: _Optional[_Iterable[_Union[WafRule, _Mapping]]] = ..., label_namespace: _Optional[str] = ..., body_limits: _Optional[_Iterable[_Union[WafBodyLimit, _Mapping]]] = ..., source_path: _Optional[str] = ...) -> None: ...

class WebAclAssociation(_message.Message):
    __slots__ = ["resource_arn", "web_acl_arn"]
    RESOURCE_ARN_FIELD_NUMBER: _ClassVar[int]
    WEB_ACL_ARN_FIELD_NUMBER: _ClassVar[int]
    resource_arn: str
    web_acl_arn: str
    def __init__(self, web_acl_arn: _Optional[str] = ..., resource_arn: _Optional[str] = ...) -> None: ...

class WafActionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class WafOverrideAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class WafStatementKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class WafFieldKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
