package awsjson

import (
	"strings"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
)

// prefixLists imports describe-managed-prefix-lists: PrefixLists[] with the
// list's description; an item may also carry "Entries" (as
// get-managed-prefix-list-entries prints them), and only then are its
// entries known.
func (d *decoder) prefixLists(_ jsonwalk.Node, raw any) {
	for _, n := range d.Objects(raw, "PrefixLists") {
		if n.OK() {
			d.prefixList(n)
		}
	}
}

// prefixListEntries imports get-managed-prefix-list-entries output, which
// names no list: the document must carry the list id beside the entries,
// {"PrefixListId": "pl-…", "Entries": [...]}.
func (d *decoder) prefixListEntries(root jsonwalk.Node, _ any) {
	d.sawEntries = true
	if !root.Has("PrefixListId") {
		d.Report("Entries", "", `get-managed-prefix-list-entries output does not say which prefix list the entries belong to; add its id beside them: jq '{PrefixListId:"pl-…"} + .' entries.json`)
		return
	}
	d.prefixList(root)
}

// prefixList reads one prefix list at n (an item of PrefixLists, or the
// top-level object of get-managed-prefix-list-entries output).
func (d *decoder) prefixList(n jsonwalk.Node) {
	id, idOK := n.Req("PrefixListId")
	pl := model.PrefixList{
		ID:            id,
		Name:          n.Opt("PrefixListName"),
		AddressFamily: n.Opt("AddressFamily"),
		OwnerID:       n.Opt("OwnerId"),
	}
	if m, ok := n.Integer("MaxEntries", 0, 1<<31-1, "MaxEntries"); ok {
		pl.MaxEntries = int32(m)
	}
	fam := jsonwalk.AnyFamily
	switch strings.ToLower(pl.AddressFamily) {
	case "ipv4":
		fam = jsonwalk.IPv4
	case "ipv6":
		fam = jsonwalk.IPv6
	}
	if n.Has("Entries") {
		pl.EntriesKnown = true
		pl.Entries = []model.PrefixListEntry{}
		for _, e := range n.Objects("Entries") {
			if !e.OK() {
				continue
			}
			if c, ok := e.Prefix("Cidr", fam, true); ok {
				pl.Entries = append(pl.Entries, model.PrefixListEntry{CIDR: c, Description: e.Opt("Description")})
			}
		}
	}
	if idOK {
		d.m.putPrefixList(pl, d.origin(n.Path))
	}
}
