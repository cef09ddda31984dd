package stateful

// defaults are the STRICT_ORDER default actions (StatefulDefaultActions,
// §5.4), applied to each packet that no rule passed, dropped or rejected.
type defaults struct {
	drop, alert defaultAction
	// unknown is an action name this evaluator does not know; a packet
	// that reaches the defaults is then undecidable.
	unknown string
}

// defaultAction is one drop or alert default: which packets it applies to.
type defaultAction struct {
	name string // "" when none
	// established: only packets of established connections; app: only
	// packets carrying application-layer data; toServer: only
	// client-to-server packets.
	established, app, toServer bool
}

// applies says whether the default applies to pk.
func (d *defaultAction) applies(pk *packet) bool {
	switch {
	case d.name == "":
		return false
	case d.established && !pk.established:
		return false
	case d.app && !pk.app:
		return false
	case d.toServer && !pk.toServer:
		return false
	}
	return true
}

// parseDefaults reads StatefulDefaultActions (§5.4 table).
//
// [inferred] The *_app_layer variants ("Application drop established",
// bidirectional) are taken to apply to the packets of established
// connections that carry application-layer data, so that a ClientHello or
// HTTP request is inspected whole before the default drops it (AWS: they
// reassemble multi-packet ClientHellos); the *_app_layer_to_server variants
// ("server-directed only") to such packets from the client only, so that
// server-to-client packets are never dropped by default.
func parseDefaults(names []string) defaults {
	var d defaults
	for _, n := range names {
		a := defaultAction{name: n}
		isDrop := true
		switch n {
		case "aws:drop_strict":
		case "aws:alert_strict":
			isDrop = false
		case "aws:drop_established":
			a.established = true
		case "aws:alert_established":
			a.established, isDrop = true, false
		case "aws:drop_established_app_layer":
			a.established, a.app = true, true
		case "aws:alert_established_app_layer":
			a.established, a.app, isDrop = true, true, false
		case "aws:drop_established_app_layer_to_server":
			a.established, a.app, a.toServer = true, true, true
		case "aws:alert_established_app_layer_to_server":
			a.established, a.app, a.toServer, isDrop = true, true, true, false
		default:
			if d.unknown == "" {
				d.unknown = n
			}
			continue
		}
		// AWS allows one drop action and up to two alert actions; a second
		// drop or alert of the same family is kept as the broader one.
		if isDrop {
			if d.drop.name == "" || broader(a, d.drop) {
				d.drop = a
			}
		} else if d.alert.name == "" || broader(a, d.alert) {
			d.alert = a
		}
	}
	return d
}

// broader says whether a applies to every packet b applies to and more.
func broader(a, b defaultAction) bool {
	score := func(x defaultAction) int {
		n := 0
		for _, f := range []bool{x.established, x.app, x.toServer} {
			if f {
				n++
			}
		}
		return n
	}
	return score(a) < score(b)
}
