package stateful

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/netverdict/netverdict/evaluator/nfw/nfwjson"
)

// DomainListText renders a domain list (RulesSourceList) as the Suricata
// rules AWS generates for it (§5.8), one per line, sids from 1.
//
// ALLOWLIST and DENYLIST follow the rules AWS documents: per target and
// target type a pass (allowlist) or drop (denylist) rule from $HOME_NET to
// $EXTERNAL_NET with `flow:to_server, established` and `priority:1`, and for
// an allowlist one catch-all drop rule per target type for ClientHellos /
// HTTP requests that matched no target.
//
// [inferred] REJECTLIST and ALERTLIST are not documented rule by rule: they
// are taken to be the denylist rules with the action reject (TCP reset) or
// alert, and the message "matching TLS rejectlisted FQDNs" /
// "matching HTTP alertlisted FQDNs" and so on.
func DomainListText(d *nfwjson.DomainList) (string, error) {
	var verb, word string
	switch d.GeneratedRulesType {
	case "ALLOWLIST":
		verb, word = "pass", "allowlisted"
	case "DENYLIST":
		verb, word = "drop", "denylisted"
	case "REJECTLIST":
		verb, word = "reject", "rejectlisted"
	case "ALERTLIST":
		verb, word = "alert", "alertlisted"
	default:
		return "", fmt.Errorf("RulesSourceList.GeneratedRulesType: unknown value %q (want ALLOWLIST, DENYLIST, REJECTLIST or ALERTLIST)", d.GeneratedRulesType)
	}
	allow := verb == "pass"
	var lines []string
	sid := 0
	add := func(s string) {
		sid++
		lines = append(lines, s+" sid:"+strconv.Itoa(sid)+"; rev:1;)")
	}
	const hdr = " $HOME_NET any -> $EXTERNAL_NET any ("
	const tail = `priority:1; flow:to_server, established;`
	for i, tt := range d.TargetTypes {
		switch tt {
		case "TLS_SNI":
			for _, t := range d.Targets {
				m := `content:"` + t + `"; startswith; nocase; endswith;`
				if strings.HasPrefix(t, ".") {
					m = `dotprefix; content:"` + t + `"; nocase; endswith;`
				}
				add(verb + " tls" + hdr + `ssl_state:client_hello; tls.sni; ` + m + ` msg:"matching TLS ` + word + ` FQDNs"; ` + tail)
			}
			if allow {
				add(`drop tls` + hdr + `msg:"not matching any TLS allowlisted FQDNs"; priority:1; ssl_state:client_hello; flow:to_server, established;`)
			}
		case "HTTP_HOST":
			for _, t := range d.Targets {
				m := `content:"` + t + `"; startswith; endswith;`
				if strings.HasPrefix(t, ".") {
					m = `dotprefix; content:"` + t + `"; endswith;`
				}
				add(verb + " http" + hdr + `http.host; ` + m + ` msg:"matching HTTP ` + word + ` FQDNs"; ` + tail)
			}
			if allow {
				add(`drop http` + hdr + `http.header_names; content:"|0d 0a|"; startswith; msg:"not matching any HTTP allowlisted FQDNs"; ` + tail)
			}
		default:
			return "", fmt.Errorf("RulesSourceList.TargetTypes[%d]: unknown value %q (want TLS_SNI or HTTP_HOST)", i, tt)
		}
	}
	return strings.Join(lines, "\n"), nil
}
