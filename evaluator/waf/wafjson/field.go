package wafjson

import (
	"math"
	"strconv"

	"github.com/netverdict/netverdict/evaluator/internal/jsonwalk"
	"github.com/netverdict/netverdict/evaluator/model"
	"github.com/netverdict/netverdict/evaluator/waf/transform"
)

// fieldKeys are the members of a FieldToMatch, in WAFFieldKind order
// (reference section 4.5).
var fieldKeys = func() []string {
	var keys []string
	for k := model.WAFFieldURIPath; k <= model.WAFFieldURIFragment; k++ {
		keys = append(keys, k.String())
	}
	return keys
}()

// oversize are the OversizeHandling values; CONTINUE is AWS's default
// outside the console (reference section 4.5).
var oversize = []string{"CONTINUE", "MATCH", "NO_MATCH"}

// transformationTypes is AWS's TextTransformationType enum (reference
// section 4.7), as the transform package names it.
var transformationTypes = func() []string {
	var names []string
	for k := transform.None; k.Valid(); k++ {
		names = append(names, k.String())
	}
	return names
}()

// fieldToMatch reads a FieldToMatch: exactly one variant.
func (d *decoder) fieldToMatch(n jsonwalk.Node) (model.WAFFieldToMatch, bool) {
	key, body, ok := n.OneOf("field", fieldKeys...)
	if !ok || !body.OK() {
		return model.WAFFieldToMatch{}, false
	}
	var f model.WAFFieldToMatch
	for i, k := range fieldKeys {
		if k == key {
			f.Kind = model.WAFFieldKind(i + 1)
		}
	}
	before := d.Count()
	switch f.Kind {
	case model.WAFFieldURIPath, model.WAFFieldQueryString, model.WAFFieldAllQueryArguments, model.WAFFieldMethod:
		body.Empty()
	case model.WAFFieldSingleHeader, model.WAFFieldSingleQueryArgument:
		body.Strict("Name")
		if name, ok := body.Req("Name"); ok {
			if f.Kind == model.WAFFieldSingleHeader && !isHeaderName(name) {
				d.Report(body.At("Name"), name, "invalid header name")
			}
			f.Name = name
		}
	case model.WAFFieldHeaders:
		body.Strict("MatchPattern", "MatchScope", "OversizeHandling")
		d.matchPattern(body, &f, "IncludedHeaders", "ExcludedHeaders")
		f.MatchScope, _ = body.Enum("MatchScope", "", "ALL", "KEY", "VALUE")
		f.OversizeHandling, _ = body.Enum("OversizeHandling", "", oversize...)
	case model.WAFFieldCookies:
		body.Strict("MatchPattern", "MatchScope", "OversizeHandling")
		d.matchPattern(body, &f, "IncludedCookies", "ExcludedCookies")
		f.MatchScope, _ = body.Enum("MatchScope", "", "ALL", "KEY", "VALUE")
		f.OversizeHandling, _ = body.Enum("OversizeHandling", "", oversize...)
	case model.WAFFieldBody:
		body.Strict("OversizeHandling")
		f.OversizeHandling, _ = body.Enum("OversizeHandling", "CONTINUE", oversize...)
	case model.WAFFieldJSONBody:
		body.Strict("MatchPattern", "MatchScope", "InvalidFallbackBehavior", "OversizeHandling")
		d.matchPattern(body, &f, "IncludedPaths", "")
		for i, p := range f.Included {
			if !isJSONPointer(p) {
				d.Report(jsonwalk.Index(body.At("MatchPattern.IncludedPaths"), i), p, "invalid JSON Pointer: expected \"/\" or /key/... with ~ only in ~0 or ~1")
			}
		}
		f.MatchScope, _ = body.Enum("MatchScope", "", "ALL", "KEY", "VALUE")
		if body.Has("InvalidFallbackBehavior") {
			f.InvalidFallbackBehavior, _ = body.Enum("InvalidFallbackBehavior", "", "MATCH", "NO_MATCH", "EVALUATE_AS_STRING")
		}
		f.OversizeHandling, _ = body.Enum("OversizeHandling", "CONTINUE", oversize...)
	case model.WAFFieldHeaderOrder:
		body.Strict("OversizeHandling")
		f.OversizeHandling, _ = body.Enum("OversizeHandling", "", oversize...)
	case model.WAFFieldJA3Fingerprint, model.WAFFieldJA4Fingerprint:
		body.Strict("FallbackBehavior")
		f.FallbackBehavior, _ = body.Enum("FallbackBehavior", "", "MATCH", "NO_MATCH")
	case model.WAFFieldURIFragment:
		body.Strict("FallbackBehavior")
		if body.Has("FallbackBehavior") {
			f.FallbackBehavior, _ = body.Enum("FallbackBehavior", "", "MATCH", "NO_MATCH")
		}
	}
	return f, d.Count() == before
}

// matchPattern reads the MatchPattern of Headers, Cookies or JsonBody:
// exactly one of All, included (names or paths) and excluded ("" when the
// variant has none).
func (d *decoder) matchPattern(n jsonwalk.Node, f *model.WAFFieldToMatch, included, excluded string) {
	mp := n.ReqObject("MatchPattern")
	if !mp.OK() {
		return
	}
	keys := []string{"All", included}
	if excluded != "" {
		keys = append(keys, excluded)
	}
	key, ok := mp.OneKey("match pattern", keys...)
	if !ok {
		return
	}
	switch key {
	case "All":
		if body := mp.Object("All"); body.OK() {
			body.Empty()
		}
		f.All = true
	case included:
		f.Included = mp.Strings(included)
		if len(f.Included) == 0 {
			d.Report(mp.At(included), "", "must hold at least one entry")
		}
	case excluded:
		f.Excluded = mp.Strings(excluded)
		if len(f.Excluded) == 0 {
			d.Report(mp.At(excluded), "", "must hold at least one entry")
		}
	}
}

// isJSONPointer checks AWS's IncludedPaths pattern ([/])|([/](([^~])|(~[01]))+).
func isJSONPointer(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] == '~' && (i+1 == len(p) || (p[i+1] != '0' && p[i+1] != '1')) {
			return false
		}
	}
	return true
}

// transformations reads the array member key of TextTransformation: at
// least one when required, at most limit when limit > 0, each with a unique
// Priority (reference section 4.7).
func (d *decoder) transformations(n jsonwalk.Node, key string, required bool, limit int) []model.WAFTextTransformation {
	if !n.Has(key) {
		if required {
			d.Report(n.At(key), "", "is required (use [{\"Priority\": 0, \"Type\": \"NONE\"}] for no transformation)")
		}
		return nil
	}
	items := n.Objects(key)
	switch {
	case len(items) == 0 && required:
		d.Report(n.At(key), "", "must hold at least one transformation")
	case limit > 0 && len(items) > limit:
		d.Report(n.At(key), "", "must hold at most "+strconv.Itoa(limit)+" transformations, has "+strconv.Itoa(len(items)))
	}
	out := make([]model.WAFTextTransformation, 0, len(items))
	seen := map[int64]int{}
	for i, t := range items {
		if !t.OK() {
			continue
		}
		t.Strict("Priority", "Type")
		p, pok := t.ReqNumber("Priority", 0, math.MaxInt32)
		typ, tok := t.Enum("Type", "", transformationTypes...)
		if pok {
			if j, dup := seen[p]; dup {
				d.Report(t.At("Priority"), strconv.FormatInt(p, 10), "duplicate transformation priority (also "+jsonwalk.Index(n.At(key), j)+")")
				continue
			}
			seen[p] = i
		}
		if pok && tok {
			out = append(out, model.WAFTextTransformation{Priority: int32(p), Type: typ})
		}
	}
	return out
}
