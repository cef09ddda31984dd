package suricata

import (
	"net/netip"
	"regexp"
)

// Action is a rule's action. The zero value is not a valid action.
type Action uint8

// Actions. AWS Network Firewall documents pass, drop, reject and alert;
// rejectsrc, rejectdst and rejectboth are Suricata's reject variants and
// parse so that an evaluator can report them.
const (
	ActionInvalid Action = iota
	Pass
	Drop
	Reject
	Alert
	RejectSrc
	RejectDst
	RejectBoth
)

var actionNames = [...]string{"", "pass", "drop", "reject", "alert", "rejectsrc", "rejectdst", "rejectboth"}

// String returns the action as written in a rule ("pass", "drop", ...).
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return ""
}

// Direction is the header's direction operator.
type Direction uint8

// Directions. The zero value is not valid.
const (
	DirInvalid Direction = iota
	// DirForward is "->": source to destination only.
	DirForward
	// DirBoth is "<>": either way round.
	DirBoth
)

// String returns "->" or "<>".
func (d Direction) String() string {
	switch d {
	case DirForward:
		return "->"
	case DirBoth:
		return "<>"
	}
	return ""
}

// AddrKind says which form an AddressSpec has.
type AddrKind uint8

// Address forms.
const (
	AddrAny    AddrKind = iota // "any" (the zero AddressSpec is "any")
	AddrVar                    // $NAME (rule variable) or @NAME (IP set reference)
	AddrPrefix                 // a CIDR, or one address stored as a full-length prefix
	AddrList                   // [a,b,...]; elements may be lists themselves
)

// AddressSpec is a source or destination address of a rule header.
// Negated applies to the whole element ("!10.0.0.0/8", "![a,b]").
type AddressSpec struct {
	Kind    AddrKind
	Negated bool
	// Var is the variable with its sigil, "$HOME_NET" or "@BETA" (AddrVar only).
	Var string
	// Prefix is the address (AddrPrefix only). A bare address has Bits() == BitLen().
	// Host bits are kept as written (10.1.2.3/8 stays so).
	Prefix netip.Prefix
	// List holds the elements of an AddrList.
	List []AddressSpec
}

// PortKind says which form a PortSpec has.
type PortKind uint8

// Port forms.
const (
	PortAny   PortKind = iota // "any" (the zero PortSpec is "any")
	PortVar                   // $NAME
	PortRange                 // Lo..Hi inclusive; one port has Lo == Hi; "1024:" is 1024..65535, ":1023" is 0..1023
	PortList                  // [a,b,...]
)

// PortSpec is a source or destination port of a rule header.
type PortSpec struct {
	Kind    PortKind
	Negated bool
	Var     string // with its "$" (PortVar only)
	Lo, Hi  uint16 // PortRange only
	List    []PortSpec
}

// Option is one "keyword[:value];" of a rule, in rule order. Value is the
// text between the colon and the terminating semicolon with surrounding
// white space removed and escapes (\; \" \\) kept as written, so that
// "keyword:Value;" re-renders the option.
type Option struct {
	Keyword  string
	Value    string
	HasValue bool
}

// Rule is one parsed Suricata rule.
//
// The typed fields (SID ... Flowbits) are derived from Options; Options
// keeps every option in order, including the ones the typed fields cover.
type Rule struct {
	// Line is the 1-based line of the rule's first character in the rules string.
	Line      int
	Action    Action
	Protocol  string // lower case: ip, tcp, udp, icmp, http, tls, dns, ...
	Src       AddressSpec
	SrcPorts  PortSpec
	Direction Direction
	Dst       AddressSpec
	DstPorts  PortSpec
	Options   []Option

	SID      uint32 // sid; always set (> 0) in a rule returned by Parse
	Rev      uint32 // rev; 0 when absent
	Msg      string // msg, unquoted and unescaped
	Priority int    // priority 1-255; 0 when absent

	Flow             *Flow             // flow; nil when absent
	Contents         []Content         // content matches in rule order
	PCREs            []PCRE            // pcre matches in rule order
	SSLState         *SSLState         // ssl_state; nil when absent
	AppLayerProtocol *AppLayerProtocol // app-layer-protocol; nil when absent
	IPProto          *IPProto          // ip_proto; nil when absent
	GeoIP            *GeoIP            // geoip; nil when absent
	Flowbits         []Flowbit         // flowbits in rule order

	// Unmodelled lists, once each and in order of first use, the keywords
	// this package parses but an evaluator built on it does not model (see
	// the package documentation). A verdict that depends on a rule with a
	// non-empty Unmodelled should be INDETERMINATE, naming them.
	Unmodelled []string
}

// Flow is the flow keyword. from_client is stored as ToServer and
// from_server as ToClient.
type Flow struct {
	ToServer, ToClient          bool
	Established, NotEstablished bool
	Stateless                   bool
	OnlyStream, NoStream        bool
	OnlyFrag, NoFrag            bool
}

// Content is one content match with its modifiers.
type Content struct {
	// Buffer is the sticky buffer the content inspects ("tls.sni",
	// "http.host", ...); "" is the packet/stream payload.
	Buffer  string
	Pattern []byte // decoded: escapes resolved, |hex| segments turned into bytes
	Negated bool   // content:!"..."
	Nocase  bool
	// Startswith and Endswith anchor the pattern at the buffer's start/end.
	Startswith, Endswith bool
	// Dotprefix is set when the dotprefix transform was applied to Buffer
	// before this content (the buffer is matched as "." + buffer).
	Dotprefix bool
	Depth     int // 0 when absent
	Offset    int // 0 when absent
}

// PCRE is one pcre match.
type PCRE struct {
	Buffer  string // sticky buffer, as for Content
	Negated bool
	Pattern string // between the slashes, as written
	Flags   string // after the closing slash
	// Regexp is the pattern compiled with Go's RE2 (flags i, s, m mapped to
	// inline flags); nil when Unsupported is set.
	Regexp *regexp.Regexp
	// Unsupported says why RE2 cannot take the pattern ("" when it can).
	Unsupported string
}

// SSLState is the ssl_state keyword: States joined by "|" (any of).
// A state written "!x" is stored as "!x".
type SSLState struct {
	States []string
}

// AppLayerProtocol is the app-layer-protocol keyword.
type AppLayerProtocol struct {
	Negated bool
	Name    string
}

// IPProto is the ip_proto keyword: Op is "", "!", "<" or ">"; Number the
// IANA protocol number (names such as tcp are resolved).
type IPProto struct {
	Op     string
	Number int
}

// GeoIP is the geoip keyword: Direction is src, dst, both or any;
// Countries are ISO 3166 alpha-2 codes in upper case, a negated one
// written "!US" (AWS's example "src,!US,UK").
type GeoIP struct {
	Direction string
	Countries []string
}

// Flowbit is one flowbits keyword. Command is set, unset, toggle, isset,
// isnotset or noalert. Names are the bit names; Any is true when they were
// joined with "|" (any of) rather than "&" (all of).
type Flowbit struct {
	Command string
	Names   []string
	Any     bool
}

// RuleSet is a parsed RulesString: the rules in order.
type RuleSet struct {
	Name  string
	Rules []*Rule
	bySID map[uint32]*Rule
}

// BySID returns the rule with the given sid, or nil.
func (rs *RuleSet) BySID(sid uint32) *Rule { return rs.bySID[sid] }
