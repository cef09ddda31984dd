package stateful

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gaissmai/bart"
)

// resolveIPSetRef resolves the IP set reference @name, whose
// ReferenceArn is arn, against the config's managed prefix lists (§5.1,
// §5.6): a VPC prefix list ARN
// (arn:<partition>:ec2:<region>:<account>:prefix-list/<id>) whose id is
// in lists becomes the table of its CIDRs; anything else becomes a
// problem that names the reference and why it is not resolved.
func resolveIPSetRef(name, arn string, lists map[string][]netip.Prefix) varAddr {
	fail := func(why string) varAddr {
		return varAddr{problem: fmt.Sprintf("IP set reference @%s (%s): %s", name, arn, why)}
	}
	service, resource, ok := splitARN(arn)
	switch {
	case !ok:
		return fail("ReferenceArn is not an ARN")
	case service == "resource-groups":
		// Their members' addresses change with the tagged resources.
		return fail("resource groups are not modelled")
	case service != "ec2" || !strings.HasPrefix(resource, "prefix-list/"):
		return fail("ReferenceArn names neither a VPC prefix list nor a resource group")
	}
	id := strings.TrimPrefix(resource, "prefix-list/")
	cidrs, known := lists[id]
	switch {
	case id == "":
		return fail("the prefix list ARN has no id")
	case !known:
		return fail("prefix list " + id + " is not in the config (give aws ec2 get-managed-prefix-list-entries)")
	}
	set := new(bart.Lite)
	for i, p := range cidrs {
		if !p.IsValid() {
			return fail(fmt.Sprintf("prefix list %s: entry %d is not a valid CIDR", id, i))
		}
		set.Insert(p)
	}
	return varAddr{set: set}
}

// splitARN returns the service and resource fields of
// arn:partition:service:region:account:resource; the resource may itself
// contain colons.
func splitARN(arn string) (service, resource string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return "", "", false
	}
	var fields [4]string // partition, service, region, account
	for i := range fields {
		var found bool
		fields[i], rest, found = strings.Cut(rest, ":")
		if !found {
			return "", "", false
		}
	}
	return fields[1], rest, fields[0] != "" && fields[1] != ""
}

// setContains reports whether a CIDR of set contains ip, with the
// semantics of netip.Prefix.Contains (no unmapping of IPv4-mapped IPv6
// addresses, a zoned address matches nothing), as the rule's own
// prefixes are matched.
func setContains(set *bart.Lite, ip netip.Addr) bool {
	return ip.IsValid() && ip.Zone() == "" && set.Contains(ip)
}
