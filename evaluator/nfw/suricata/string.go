package suricata

import (
	"strconv"
	"strings"
)

// String renders the rule in canonical form: single spaces in the header,
// lower-case action and protocol, "any" for any, one address as a bare
// address, port ranges as lo:hi, and options as "keyword:value; " in their
// original order with their values as written. Parsing the result gives
// an equal Rule (apart from Line).
func (r *Rule) String() string {
	var b strings.Builder
	b.WriteString(r.Action.String())
	b.WriteByte(' ')
	b.WriteString(r.Protocol)
	b.WriteByte(' ')
	r.Src.write(&b)
	b.WriteByte(' ')
	r.SrcPorts.write(&b)
	b.WriteByte(' ')
	b.WriteString(r.Direction.String())
	b.WriteByte(' ')
	r.Dst.write(&b)
	b.WriteByte(' ')
	r.DstPorts.write(&b)
	b.WriteString(" (")
	for i, o := range r.Options {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(o.String())
	}
	b.WriteByte(')')
	return b.String()
}

// String renders "keyword;" or "keyword:value;".
func (o Option) String() string {
	if !o.HasValue {
		return o.Keyword + ";"
	}
	return o.Keyword + ":" + o.Value + ";"
}

// String renders the rule set, one canonical rule per line.
func (rs *RuleSet) String() string {
	var b strings.Builder
	for _, r := range rs.Rules {
		b.WriteString(r.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// String renders the address in rule syntax.
func (a AddressSpec) String() string {
	var b strings.Builder
	a.write(&b)
	return b.String()
}

func (a AddressSpec) write(b *strings.Builder) {
	if a.Negated {
		b.WriteByte('!')
	}
	switch a.Kind {
	case AddrAny:
		b.WriteString("any")
	case AddrVar:
		b.WriteString(a.Var)
	case AddrPrefix:
		if a.Prefix.Bits() == a.Prefix.Addr().BitLen() {
			b.WriteString(a.Prefix.Addr().String())
		} else {
			b.WriteString(a.Prefix.String())
		}
	case AddrList:
		b.WriteByte('[')
		for i, e := range a.List {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b)
		}
		b.WriteByte(']')
	}
}

// String renders the port in rule syntax.
func (p PortSpec) String() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p PortSpec) write(b *strings.Builder) {
	if p.Negated {
		b.WriteByte('!')
	}
	switch p.Kind {
	case PortAny:
		b.WriteString("any")
	case PortVar:
		b.WriteString(p.Var)
	case PortRange:
		b.WriteString(strconv.Itoa(int(p.Lo)))
		if p.Hi != p.Lo {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(int(p.Hi)))
		}
	case PortList:
		b.WriteByte('[')
		for i, e := range p.List {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b)
		}
		b.WriteByte(']')
	}
}
