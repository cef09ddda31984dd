package waf

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/transform"
)

// matchScope is a Headers/Cookies/JsonBody MatchScope.
type matchScope uint8

const (
	scopeAll matchScope = iota
	scopeKey
	scopeValue
)

// fallback is an OversizeHandling, FallbackBehavior or
// InvalidFallbackBehavior choice.
type fallback uint8

const (
	fbNone     fallback = iota // CONTINUE; no FallbackBehavior; "" for JsonBody
	fbMatch                    // MATCH
	fbNoMatch                  // NO_MATCH
	fbAsString                 // JsonBody EVALUATE_AS_STRING
)

// fieldSpec is a compiled FieldToMatch (§4.5).
type fieldSpec struct {
	kind     model.WAFFieldKind
	name     string // SingleHeader / SingleQueryArgument, as written
	scope    matchScope
	all      bool
	included []string
	excluded []string
	paths    []jsonPointer // JsonBody IncludedPaths
	oversize fallback      // Body, JsonBody, Headers, Cookies, HeaderOrder
	invalid  fallback      // JsonBody InvalidFallbackBehavior
	missing  fallback      // JA3/JA4/UriFragment FallbackBehavior
	preparse transform.Chain
	hasPre   bool
	key      string // identity of the extraction, for sharing slots
}

func parseFallback(path, v string, allowed ...string) (fallback, error) {
	switch v {
	case "", "CONTINUE":
		if v == "" || slices.Contains(allowed, v) {
			return fbNone, nil
		}
	case "MATCH":
		return fbMatch, nil
	case "NO_MATCH":
		return fbNoMatch, nil
	case "EVALUATE_AS_STRING":
		if slices.Contains(allowed, v) {
			return fbAsString, nil
		}
	}
	return 0, fmt.Errorf("%s: unknown value %q", path, v)
}

func compileField(path string, f *model.WAFFieldToMatch, pre []model.WAFTextTransformation) (*fieldSpec, error) {
	fs := &fieldSpec{kind: f.Kind}
	fpath := path + ".FieldToMatch." + f.Kind.String()
	var err error
	switch f.Kind {
	case model.WAFFieldURIPath, model.WAFFieldQueryString, model.WAFFieldAllQueryArguments, model.WAFFieldMethod:
	case model.WAFFieldSingleHeader, model.WAFFieldSingleQueryArgument:
		if f.Name == "" {
			return nil, fmt.Errorf("%s.Name: missing", fpath)
		}
		fs.name = f.Name
	case model.WAFFieldHeaders, model.WAFFieldCookies, model.WAFFieldJSONBody:
		switch f.MatchScope {
		case "ALL":
			fs.scope = scopeAll
		case "KEY":
			fs.scope = scopeKey
		case "VALUE":
			fs.scope = scopeValue
		default:
			return nil, fmt.Errorf("%s.MatchScope: unknown value %q", fpath, f.MatchScope)
		}
		n := 0
		if f.All {
			n++
		}
		if len(f.Included) > 0 {
			n++
		}
		if len(f.Excluded) > 0 {
			n++
		}
		if n != 1 || f.Kind == model.WAFFieldJSONBody && len(f.Excluded) > 0 {
			return nil, fmt.Errorf("%s.MatchPattern: want exactly one of All or the included/excluded list", fpath)
		}
		fs.all, fs.included, fs.excluded = f.All, f.Included, f.Excluded
		if f.Kind == model.WAFFieldJSONBody {
			for i, p := range f.Included {
				jp, err := parsePointer(p)
				if err != nil {
					return nil, fmt.Errorf("%s.MatchPattern.IncludedPaths[%d]: %q: %w", fpath, i, p, err)
				}
				fs.paths = append(fs.paths, jp)
			}
			if fs.invalid, err = parseFallback(fpath+".InvalidFallbackBehavior", f.InvalidFallbackBehavior, "EVALUATE_AS_STRING"); err != nil {
				return nil, err
			}
		}
		if fs.oversize, err = parseFallback(fpath+".OversizeHandling", f.OversizeHandling, "CONTINUE"); err != nil {
			return nil, err
		}
	case model.WAFFieldBody, model.WAFFieldHeaderOrder:
		if fs.oversize, err = parseFallback(fpath+".OversizeHandling", f.OversizeHandling, "CONTINUE"); err != nil {
			return nil, err
		}
	case model.WAFFieldJA3Fingerprint, model.WAFFieldJA4Fingerprint, model.WAFFieldURIFragment:
		if fs.missing, err = parseFallback(fpath+".FallbackBehavior", f.FallbackBehavior); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s.FieldToMatch: missing or unknown field (%v)", path, f.Kind)
	}
	if len(pre) > 0 {
		if f.Kind != model.WAFFieldSingleQueryArgument && f.Kind != model.WAFFieldAllQueryArguments {
			return nil, fmt.Errorf("%s.PreParseTextTransformations: only for SingleQueryArgument and AllQueryArguments, not %v", path, f.Kind)
		}
		if fs.preparse, err = compileChain(path, "PreParseTextTransformations", pre); err != nil {
			return nil, err
		}
		fs.hasPre = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%s|%d|%v|%q|%q|%d|%d|%d", f.Kind, strings.ToLower(fs.name), fs.scope, fs.all,
		fs.included, fs.excluded, fs.oversize, fs.invalid, fs.missing)
	if fs.hasPre {
		b.WriteString("|pre:" + fs.preparse.Key())
	}
	fs.key = b.String()
	return fs, nil
}

// compileChain compiles the transformations list (field names the JSON key)
// of the statement at path.
func compileChain(path, field string, tt []model.WAFTextTransformation) (transform.Chain, error) {
	prios := make([]int32, len(tt))
	kinds := make([]transform.Kind, len(tt))
	for i, t := range tt {
		k, err := transform.ParseKind(t.Type)
		if err != nil {
			return nil, fmt.Errorf("%s.%s[%d].Type: %w", path, field, i, err)
		}
		prios[i], kinds[i] = t.Priority, k
	}
	c, err := transform.NewChain(prios, kinds)
	if err != nil {
		// NewChain's errors start "TextTransformations[i]".
		msg := strings.TrimPrefix(err.Error(), "TextTransformations")
		return nil, fmt.Errorf("%s.%s%s", path, field, msg)
	}
	return c, nil
}

// status is what extracting a component gave.
type status uint8

const (
	stPresent status = iota // values to inspect
	stMissing               // the request lacks the component: no match (§4.5)
	stMatch                 // OversizeHandling/FallbackBehavior MATCH
	stNoMatch               // OversizeHandling/FallbackBehavior NO_MATCH
	stUnknown               // the request does not say (fingerprint, body limit)
)

// why codes for stUnknown and forced results, rendered by reasons.
const (
	whyNone uint8 = iota
	whyOversize
	whyFallback
	whyNoFingerprint
	whyBodyLimitUnknown
	whyInvalidJSON
)

// bytesOf views s as bytes without copying; callers only read.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// extract collects the raw values of fs from the request into s.raw and
// says whether there are any to inspect.
func (s *Scratch) extract(fs *fieldSpec) (status, uint8) {
	s.raw = s.raw[:0]
	r := s.req
	switch fs.kind {
	case model.WAFFieldURIPath:
		if r.URIPath == "" {
			return stMissing, whyNone
		}
		s.raw = append(s.raw, bytesOf(r.URIPath))
	case model.WAFFieldQueryString:
		// An empty query string is inspected as "" (size 0), not missing:
		// AWS's own example matches QueryString size EQ 0 [inferred].
		s.raw = append(s.raw, bytesOf(r.QueryString))
	case model.WAFFieldMethod:
		if r.Method == "" {
			return stMissing, whyNone
		}
		s.raw = append(s.raw, bytesOf(r.Method))
	case model.WAFFieldURIFragment:
		if r.URIFragment == "" {
			return fallbackStatus(fs.missing)
		}
		s.raw = append(s.raw, bytesOf(r.URIFragment))
	case model.WAFFieldJA3Fingerprint, model.WAFFieldJA4Fingerprint:
		v := r.JA3
		if fs.kind == model.WAFFieldJA4Fingerprint {
			v = r.JA4
		}
		if v == "" {
			return stUnknown, whyNoFingerprint
		}
		s.raw = append(s.raw, bytesOf(v))
	case model.WAFFieldSingleHeader:
		for i := range r.Headers {
			if equalFold(r.Headers[i].Name, fs.name) {
				s.raw = append(s.raw, bytesOf(r.Headers[i].Value))
			}
		}
	case model.WAFFieldSingleQueryArgument, model.WAFFieldAllQueryArguments:
		q := bytesOf(r.QueryString)
		if fs.hasPre {
			s.pbuf = append(s.pbuf[:0], fs.preparse.Apply(&s.tbuf, q)...)
			q = s.pbuf
		}
		single := fs.kind == model.WAFFieldSingleQueryArgument
		for len(q) > 0 {
			arg := q
			if j := bytes.IndexByte(q, '&'); j >= 0 {
				arg, q = q[:j], q[j+1:]
			} else {
				q = nil
			}
			if len(arg) == 0 {
				continue
			}
			name, val := arg, arg[len(arg):]
			if j := bytes.IndexByte(arg, '='); j >= 0 {
				name, val = arg[:j], arg[j+1:]
			}
			if !single || equalFoldBytes(name, fs.name) {
				s.raw = append(s.raw, val)
			}
		}
	case model.WAFFieldHeaders, model.WAFFieldHeaderOrder:
		return s.extractHeaders(fs)
	case model.WAFFieldCookies:
		return s.extractCookies(fs)
	case model.WAFFieldBody, model.WAFFieldJSONBody:
		body := r.Body
		if len(body) == 0 {
			return stMissing, whyNone
		}
		if len(body) > albBodyLimit {
			limit := s.bodyLimit
			if limit == 0 {
				return stUnknown, whyBodyLimitUnknown
			}
			if len(body) > limit {
				if fs.oversize != fbNone {
					return fallbackStatus(fs.oversize)
				}
				body = body[:limit]
			}
		}
		if fs.kind == model.WAFFieldJSONBody {
			return s.extractJSON(fs, body)
		}
		s.raw = append(s.raw, body)
	}
	if len(s.raw) == 0 {
		return stMissing, whyNone
	}
	return stPresent, whyNone
}

// fallbackStatus turns a MATCH/NO_MATCH choice into a status; no choice
// means the component is missing.
func fallbackStatus(f fallback) (status, uint8) {
	switch f {
	case fbMatch:
		return stMatch, whyFallback
	case fbNoMatch:
		return stNoMatch, whyFallback
	}
	return stMissing, whyNone
}

// extractHeaders handles Headers and HeaderOrder: WAF sees the first 200
// headers within the first 8 KB, each counted as "Name: Value\r\n"
// [inferred: AWS does not say how it counts] (§4.5).
func (s *Scratch) extractHeaders(fs *fieldSpec) (status, uint8) {
	r := s.req
	total := 0
	for i := range r.Headers {
		total += len(r.Headers[i].Name) + len(r.Headers[i].Value) + 4
	}
	n := len(r.Headers)
	if n > headerCountLimit || total > headerBytesLimit {
		if fs.oversize != fbNone {
			st, _ := fallbackStatus(fs.oversize)
			return st, whyOversize
		}
		n, total = 0, 0
		for n < len(r.Headers) && n < headerCountLimit {
			total += len(r.Headers[n].Name) + len(r.Headers[n].Value) + 4
			if total > headerBytesLimit {
				break
			}
			n++
		}
	}
	if fs.kind == model.WAFFieldHeaderOrder {
		if n == 0 {
			return stMissing, whyNone
		}
		s.pbuf = s.pbuf[:0]
		for i := 0; i < n; i++ {
			if i > 0 {
				s.pbuf = append(s.pbuf, ':')
			}
			s.pbuf = append(s.pbuf, r.Headers[i].Name...)
		}
		s.raw = append(s.raw, s.pbuf)
		return stPresent, whyNone
	}
	for i := 0; i < n; i++ {
		h := &r.Headers[i]
		if !selected(fs, h.Name, true) {
			continue
		}
		if fs.scope != scopeValue {
			s.raw = append(s.raw, bytesOf(h.Name))
		}
		if fs.scope != scopeKey {
			s.raw = append(s.raw, bytesOf(h.Value))
		}
	}
	if len(s.raw) == 0 {
		return stMissing, whyNone
	}
	return stPresent, whyNone
}

// selected applies a MatchPattern to a header or cookie name; header
// names compare case-insensitively, cookie names exactly (§4.5).
func selected(fs *fieldSpec, name string, fold bool) bool {
	if fs.all {
		return true
	}
	eq := func(a, b string) bool { return a == b }
	if fold {
		eq = equalFold
	}
	if len(fs.included) > 0 {
		for _, x := range fs.included {
			if eq(x, name) {
				return true
			}
		}
		return false
	}
	for _, x := range fs.excluded {
		if eq(x, name) {
			return false
		}
	}
	return true
}

// extractCookies parses every Cookie header ("a=1; b=2"): WAF sees the
// first 200 cookies within the first 8 KB of cookie header text (§4.5).
func (s *Scratch) extractCookies(fs *fieldSpec) (status, uint8) {
	r := s.req
	total, count := 0, 0
	for i := range r.Headers {
		if equalFold(r.Headers[i].Name, "cookie") {
			total += len(r.Headers[i].Value)
			count += strings.Count(r.Headers[i].Value, ";") + 1
		}
	}
	if total == 0 {
		return stMissing, whyNone
	}
	over := total > cookieBytesLimit || count > cookieCountLimit
	if over && fs.oversize != fbNone {
		st, _ := fallbackStatus(fs.oversize)
		return st, whyOversize
	}
	seen, used := 0, 0
	for i := range r.Headers {
		if !equalFold(r.Headers[i].Name, "cookie") {
			continue
		}
		v := r.Headers[i].Value
		for v != "" {
			c := v
			if j := strings.IndexByte(v, ';'); j >= 0 {
				c, v = v[:j], v[j+1:]
				used++
			} else {
				v = ""
			}
			used += len(c)
			if over && (seen >= cookieCountLimit || used > cookieBytesLimit) {
				goto done
			}
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			seen++
			name, val := c, ""
			if j := strings.IndexByte(c, '='); j >= 0 {
				name, val = c[:j], c[j+1:]
			}
			if !selected(fs, name, false) {
				continue
			}
			if fs.scope != scopeValue {
				s.raw = append(s.raw, bytesOf(name))
			}
			if fs.scope != scopeKey {
				s.raw = append(s.raw, bytesOf(val))
			}
		}
	}
done:
	if len(s.raw) == 0 {
		return stMissing, whyNone
	}
	return stPresent, whyNone
}

func equalFoldBytes(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// describeField names a component for reasons ("URI path",
// "query argument id", "header host").
func describeField(fs *fieldSpec) string {
	switch fs.kind {
	case model.WAFFieldURIPath:
		return "URI path"
	case model.WAFFieldQueryString:
		return "query string"
	case model.WAFFieldSingleQueryArgument:
		return "query argument " + fs.name
	case model.WAFFieldAllQueryArguments:
		return "a query argument"
	case model.WAFFieldSingleHeader:
		return "header " + fs.name
	case model.WAFFieldHeaders:
		return "a header " + scopeText(fs.scope)
	case model.WAFFieldCookies:
		return "a cookie " + scopeText(fs.scope)
	case model.WAFFieldBody:
		return "body"
	case model.WAFFieldJSONBody:
		return "JSON body " + scopeText(fs.scope)
	case model.WAFFieldMethod:
		return "method"
	case model.WAFFieldHeaderOrder:
		return "header order"
	case model.WAFFieldJA3Fingerprint:
		return "JA3 fingerprint"
	case model.WAFFieldJA4Fingerprint:
		return "JA4 fingerprint"
	case model.WAFFieldURIFragment:
		return "URI fragment"
	}
	return "field " + strconv.Itoa(int(fs.kind))
}

func scopeText(s matchScope) string {
	return [...]string{"name or value", "name", "value"}[s]
}
