package awsjson

import (
	"strings"

	"github.com/netverdict/netverdict/evaluator/model"
)

// prefixLists imports describe-managed-prefix-lists: PrefixLists[] with the
// list's description; an item may also carry "Entries" (as
// get-managed-prefix-list-entries prints them), and only then are its
// entries known.
func (d *decoder) prefixLists(_ node, raw any) {
	for _, n := range d.objects(raw, "PrefixLists") {
		if n.ok() {
			d.prefixList(n)
		}
	}
}

// prefixListEntries imports get-managed-prefix-list-entries output, which
// names no list: the document must carry the list id beside the entries,
// {"PrefixListId": "pl-…", "Entries": [...]}.
func (d *decoder) prefixListEntries(root node, _ any) {
	d.sawEntries = true
	if !root.has("PrefixListId") {
		d.errorf("Entries", "", `get-managed-prefix-list-entries output does not say which prefix list the entries belong to; add its id beside them: jq '{PrefixListId:"pl-…"} + .' entries.json`)
		return
	}
	d.prefixList(root)
}

// prefixList reads one prefix list at n (an item of PrefixLists, or the
// top-level object of get-managed-prefix-list-entries output).
func (d *decoder) prefixList(n node) {
	id, idOK := n.req("PrefixListId")
	pl := model.PrefixList{
		ID:            id,
		Name:          n.opt("PrefixListName"),
		AddressFamily: n.opt("AddressFamily"),
		OwnerID:       n.opt("OwnerId"),
	}
	if m, ok := n.integer("MaxEntries", 0, 1<<31-1, "MaxEntries"); ok {
		pl.MaxEntries = int32(m)
	}
	fam := anyFamily
	switch strings.ToLower(pl.AddressFamily) {
	case "ipv4":
		fam = ipv4
	case "ipv6":
		fam = ipv6
	}
	if n.has("Entries") {
		pl.EntriesKnown = true
		pl.Entries = []model.PrefixListEntry{}
		for _, e := range n.objects("Entries") {
			if !e.ok() {
				continue
			}
			if c, ok := e.prefix("Cidr", fam, true); ok {
				pl.Entries = append(pl.Entries, model.PrefixListEntry{CIDR: c, Description: e.opt("Description")})
			}
		}
	}
	if idOK {
		d.m.putPrefixList(pl, d.origin(n.path))
	}
}
