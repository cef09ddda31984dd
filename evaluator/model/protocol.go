package model

import (
	"fmt"
	"strconv"
	"strings"
)

// IANA protocol numbers that the layers treat specially.
const (
	ProtoAll    int16 = -1 // "-1": every protocol (rules only)
	ProtoICMP   int16 = 1
	ProtoTCP    int16 = 6
	ProtoUDP    int16 = 17
	ProtoICMPv6 int16 = 58
)

// ParseRuleProtocol reads a security group IpProtocol or network ACL Protocol:
// a name (tcp, udp, icmp, icmpv6, all), a decimal IANA number 0-255, or -1.
func ParseRuleProtocol(s string) (int16, error) {
	switch strings.ToLower(s) {
	case "-1", "all":
		return ProtoAll, nil
	case "tcp":
		return ProtoTCP, nil
	case "udp":
		return ProtoUDP, nil
	case "icmp":
		return ProtoICMP, nil
	case "icmpv6":
		return ProtoICMPv6, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 {
		return 0, fmt.Errorf("invalid protocol %q: want tcp, udp, icmp, icmpv6, -1 or a number 0-255", s)
	}
	return int16(n), nil
}

// ParseFlowProtocol reads a flow's protocol: tcp, udp, icmp, icmpv6 or a
// decimal IANA number 0-255. "-1"/"all" are rule wildcards, not protocols.
func ParseFlowProtocol(s string) (uint8, error) {
	p, err := ParseRuleProtocol(s)
	if err != nil || p == ProtoAll {
		return 0, fmt.Errorf("invalid protocol %q: want tcp, udp, icmp, icmpv6 or a number 0-255", s)
	}
	return uint8(p), nil
}

// ProtocolName is the short name of an IANA protocol number ("tcp", "50").
func ProtocolName(p int16) string {
	switch p {
	case ProtoAll:
		return "all"
	case ProtoTCP:
		return "tcp"
	case ProtoUDP:
		return "udp"
	case ProtoICMP:
		return "icmp"
	case ProtoICMPv6:
		return "icmpv6"
	}
	return strconv.Itoa(int(p))
}

// HasPorts reports whether a protocol carries ports (TCP and UDP).
func HasPorts(p int16) bool { return p == ProtoTCP || p == ProtoUDP }

// IsICMP reports whether a protocol is ICMP or ICMPv6.
func IsICMP(p int16) bool { return p == ProtoICMP || p == ProtoICMPv6 }
