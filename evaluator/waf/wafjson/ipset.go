package wafjson

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// ipSet reads get-ip-set's IPSet (reference section 4.8): one address
// family, CIDR notation, no /0. Host bits are masked, with a warning,
// because WAF matches the whole network.
func (d *decoder) ipSet(n jsonwalk.Node) {
	n.Lenient("Name", "Id", "ARN", "Description", "IPAddressVersion", "Addresses")
	s := model.IPSet{}
	s.Name, _ = d.ruleName(n, "Name")
	s.ID, _ = n.Req("Id")
	s.ARN, _, _ = readARN(n, "ARN", "ipset")
	s.Description = n.Opt("Description")
	version, vok := n.Enum("IPAddressVersion", "", "IPV4", "IPV6")
	s.IPAddressVersion = version
	if !n.Has("Addresses") {
		d.Report(n.At("Addresses"), "", "is required")
	}
	for i, a := range n.Strings("Addresses") {
		path := jsonwalk.Index(n.At("Addresses"), i)
		p, err := netip.ParsePrefix(a)
		if err != nil {
			if _, aerr := netip.ParseAddr(a); aerr == nil {
				d.Report(path, a, "expected CIDR notation (an address with its prefix length, e.g. /32 or /128)")
			} else {
				d.Report(path, a, "invalid CIDR")
			}
			continue
		}
		if p.Bits() == 0 {
			d.Report(path, a, "/0 is not allowed in an IP set")
			continue
		}
		if vok && (version == "IPV4") != p.Addr().Is4() {
			d.Report(path, a, "address family does not match IPAddressVersion "+version)
			continue
		}
		if m := p.Masked(); m != p {
			d.Warn(path, "has host bits set: "+a+" matches "+m.String())
			p = m
		}
		s.Addresses = append(s.Addresses, p)
	}
	d.doc.IPSets = append(d.doc.IPSets, s)
}
