package waf

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/netverdict/netverdict/evaluator/model"
)

func TestLabelKeyMatches(t *testing.T) {
	const full = "awswaf:111:webacl:acl:bot:name:curl"
	tests := []struct {
		key       string
		namespace bool
		want      bool
	}{ // §4.6
		{full, false, true},
		{"curl", false, true},
		{"name:curl", false, true},
		{"url", false, false},       // not component-aligned
		{"bot:name", false, false},  // LABEL must end at the label name
		{"awswaf:111:", true, true}, // namespace prefix
		{"bot:", true, true},        // inner run of namespaces
		{"bot:name:", true, true},   // inner run, two components
		{"ot:name:", true, false},   // not aligned
		{"curl:", true, false},      // the label name is not a namespace
		{full + ":", true, false},   // nothing after it
		{"webacl:acl:bot:", true, true},
	}
	for _, tc := range tests {
		if got := labelKeyMatches(full, tc.key, tc.namespace); got != tc.want {
			t.Errorf("labelKeyMatches(%q, ns=%v) = %v, want %v", tc.key, tc.namespace, got, tc.want)
		}
	}
}

func TestForwardedIPs(t *testing.T) {
	tests := []struct {
		v    string
		pos  fwdPos
		want string // addresses joined by ' ', or "malformed"
	}{ // §4.8
		{"1.2.3.4", posFirst, "1.2.3.4"},
		{" 1.2.3.4 , 5.6.7.8", posFirst, "1.2.3.4"},
		{"1.2.3.4, 5.6.7.8", posLast, "5.6.7.8"},
		{"1.2.3.4, 5.6.7.8", posAny, "1.2.3.4 5.6.7.8"},
		{"1.2.3.4, junk", posFirst, "1.2.3.4"}, // FIRST only reads the first
		{"1.2.3.4, junk", posAny, "malformed"},
		{"1.2.3.4;5.6.7.8", posFirst, "malformed"}, // not comma-separated
		{"", posFirst, "malformed"},
		{"1.2.3.4:80", posFirst, "malformed"},
		{"2001:db8::1, ::ffff:1.2.3.4", posAny, "2001:db8::1 1.2.3.4"},
		{"fe80::1%eth0", posFirst, "malformed"},
		{"0.0.0.1,0.0.0.2,0.0.0.3,0.0.0.4,0.0.0.5,0.0.0.6,0.0.0.7,0.0.0.8,0.0.0.9,0.0.0.10,0.0.0.11", posAny,
			"0.0.0.2 0.0.0.3 0.0.0.4 0.0.0.5 0.0.0.6 0.0.0.7 0.0.0.8 0.0.0.9 0.0.0.10 0.0.0.11"},
	}
	for _, tc := range tests {
		var out [maxAnyIPs]netip.Addr
		k, st := forwardedIPs(tc.v, tc.pos, &out)
		got := "malformed"
		if st == fwdOK {
			var parts []string
			for _, a := range out[:k] {
				parts = append(parts, a.String())
			}
			got = strings.Join(parts, " ")
		}
		if got != tc.want {
			t.Errorf("forwardedIPs(%q, %d) = %q, want %q", tc.v, tc.pos, got, tc.want)
		}
	}
}

func TestParsePointer(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{ // §4.5 IncludedPaths are JSON Pointers (RFC 6901)
		{"", []string{}, false},
		{"/a/b", []string{"a", "b"}, false},
		{"/a~1b/c~0d", []string{"a/b", "c~d"}, false},
		{"/", []string{""}, false},
		{"a", nil, true},
		{"/a~2", nil, true},
		{"/a~", nil, true},
	}
	for _, tc := range tests {
		got, err := parsePointer(tc.in)
		if (err != nil) != tc.err || !tc.err && strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("parsePointer(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func walkAll(body string) ([]string, bool) {
	var out []string
	ok := jsonWalk([]byte(body), func(path []jsonStep, key bool, text []byte) {
		var p []string
		for _, s := range path {
			if s.index >= 0 {
				p = append(p, "#"+string(rune('0'+s.index)))
			} else {
				p = append(p, string(s.name))
			}
		}
		kind := "v"
		if key {
			kind = "k"
		}
		out = append(out, kind+":"+strings.Join(p, "/")+"="+string(text))
	})
	return out, ok
}

func TestJSONWalk(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{ // §4.5 JsonBody parsing
		{`{"a":{"b":[1,"x",true]}}`, "k:a=a k:a/b=b v:a/b/#0=1 v:a/b/#1=x v:a/b/#2=true", true},
		{`{"key1":"value1""key2":"value2"}`, "k:key1=key1 v:key1=value1 k:key2=key2 v:key2=value2", true}, // lenient
		{`"s\u00e9\n"`, "v:=s\u00e9\n", true},
		{`[1,]`, "v:#0=1", true},
		{`{"a":1} x`, "k:a=a v:a=1", false},
		{`{"a":nope,"b":2}`, "k:a=a", false},
		{`{"a":"\ud83d\ude00"}`, "k:a=a v:a=\U0001F600", true},
		{`{"a"}`, "k:a=a", false},
		{``, "", false},
		{strings.Repeat("[", 300) + strings.Repeat("]", 300), "", false}, // depth bound
	}
	for _, tc := range tests {
		got, ok := walkAll(tc.in)
		if strings.Join(got, " ") != tc.want || ok != tc.ok {
			t.Errorf("jsonWalk(%.40q) = %q %v, want %q %v", tc.in, strings.Join(got, " "), ok, tc.want, tc.ok)
		}
	}
}

// FuzzJSONWalk: never panics, and every document encoding/json accepts
// (within the depth bound) parses completely.
func FuzzJSONWalk(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"x"`, `{"a":"\u0041"}`, `[1e5,-0.5]`, `{"a":1"b":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, ok := walkAll(s)
		if json.Valid([]byte(s)) && strings.Count(s, "[")+strings.Count(s, "{") < maxJSONDepth && !ok {
			t.Fatalf("valid JSON %q did not parse", s)
		}
	})
}

// FuzzForwardedIPs: the allocation-free parser agrees with a plain
// strings.Split reading of §4.8.
func FuzzForwardedIPs(f *testing.F) {
	f.Add("1.2.3.4, 5.6.7.8", uint8(2))
	f.Add("junk,,1.2.3.4", uint8(0))
	f.Fuzz(func(t *testing.T, v string, p uint8) {
		pos := fwdPos(p % 3)
		var out [maxAnyIPs]netip.Addr
		k, st := forwardedIPs(v, pos, &out)
		parts := strings.Split(v, ",")
		switch pos {
		case posFirst:
			parts = parts[:1]
		case posLast:
			parts = parts[len(parts)-1:]
		default:
			parts = parts[max(0, len(parts)-maxAnyIPs):]
		}
		var want []netip.Addr
		bad := false
		for _, s := range parts {
			a, err := netip.ParseAddr(strings.TrimSpace(s))
			if err != nil || a.Zone() != "" {
				bad = true
				break
			}
			want = append(want, a.Unmap())
		}
		if bad != (st == fwdMalformed) {
			t.Fatalf("%q pos %d: malformed %v, want %v", v, pos, st == fwdMalformed, bad)
		}
		if !bad && (k != len(want) || !equalAddrs(out[:k], want)) {
			t.Fatalf("%q pos %d: %v, want %v", v, pos, out[:k], want)
		}
	})
}

func equalAddrs(a, b []netip.Addr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSlotSharing: each distinct (component, transformation chain) pair
// gets one cache slot, so it is computed at most once per request.
func TestSlotSharing(t *testing.T) {
	uri := field(model.WAFFieldURIPath)
	cfg := baseConfig(model.WAFAllow,
		mkRule("a", 0, model.WAFCount, byteMatch(uri, "CONTAINS", "x", "LOWERCASE")),
		mkRule("b", 1, model.WAFCount, regexMatch(uri, "y", "LOWERCASE")),
		mkRule("c", 2, model.WAFCount, sizeC(uri, "GT", 3)),                      // NONE chain: another pair
		mkRule("d", 3, model.WAFCount, sizeC(uri, "GT", 3, "NONE", "LOWERCASE")), // NONE steps drop out
		mkRule("e", 4, model.WAFCount, byteMatch(header("Host"), "CONTAINS", "x")),
		mkRule("f", 5, model.WAFCount, byteMatch(header("host"), "CONTAINS", "x")), // header names fold
	)
	set, err := Compile(cfg, CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	acl, _ := set.ACL(testACLARN)
	if len(acl.slots) != 3 {
		t.Errorf("%d slots, want 3 (URI+LOWERCASE, URI, header host)", len(acl.slots))
	}
}

// TestConcurrentEvaluate: a compiled ACL is shared by goroutines, each
// with its own Scratch (run with -race).
func TestConcurrentEvaluate(t *testing.T) {
	set, err := Compile(bench20Config(), CompileOptions{Geo: testGeo(t)})
	if err != nil {
		t.Fatal(err)
	}
	acl, _ := set.ACL(testACLARN)
	want := Reference(bench20Config(), testACLARN, benchRequest(), ResourceALB, nil)
	done := make(chan string)
	for range 4 {
		go func() {
			var sc Scratch
			var res Result
			for range 50 {
				acl.Evaluate(benchRequest(), ResourceALB, &sc, &res)
			}
			done <- outcome(res)
		}()
	}
	for range 4 {
		if got := <-done; got != outcome(want) {
			t.Errorf("goroutine got %s, want %s", got, outcome(want))
		}
	}
}
