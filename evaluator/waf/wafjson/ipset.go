package wafjson

import (
	"net/netip"

	"github.com/netverdict/netverdict/evaluator/model"
)

// ipSet reads get-ip-set's IPSet (reference section 4.8): one address
// family, CIDR notation, no /0. Host bits are masked, with a warning,
// because WAF matches the whole network.
func (d *decoder) ipSet(n node) {
	n.lenient("Name", "Id", "ARN", "Description", "IPAddressVersion", "Addresses")
	s := model.IPSet{}
	s.Name, _ = d.ruleName(n, "Name")
	s.ID, _ = n.req("Id")
	s.ARN, _, _ = n.arn("ARN", "ipset")
	s.Description = n.opt("Description")
	version, vok := n.enum("IPAddressVersion", "", "IPV4", "IPV6")
	s.IPAddressVersion = version
	if !n.has("Addresses") {
		d.errorf(n.at("Addresses"), "", "is required")
	}
	for i, a := range n.strings("Addresses") {
		path := index(n.at("Addresses"), i)
		p, err := netip.ParsePrefix(a)
		if err != nil {
			if _, aerr := netip.ParseAddr(a); aerr == nil {
				d.errorf(path, a, "expected CIDR notation (an address with its prefix length, e.g. /32 or /128)")
			} else {
				d.errorf(path, a, "invalid CIDR")
			}
			continue
		}
		if p.Bits() == 0 {
			d.errorf(path, a, "/0 is not allowed in an IP set")
			continue
		}
		if vok && (version == "IPV4") != p.Addr().Is4() {
			d.errorf(path, a, "address family does not match IPAddressVersion "+version)
			continue
		}
		if m := p.Masked(); m != p {
			d.warn(path, "has host bits set: "+a+" matches "+m.String())
			p = m
		}
		s.Addresses = append(s.Addresses, p)
	}
	d.doc.IPSets = append(d.doc.IPSets, s)
}
