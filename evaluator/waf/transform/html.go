package transform

import "bytes"

// htmlNamed lists the named entities AWS documents for HTML_ENTITY_DECODE
// and the byte each becomes: "Replaces &quot; with \", Replaces &nbsp; with a
// non-breaking space, decimal 160, Replaces &lt; with <, Replaces &gt; with
// >". Other named entities, &amp; included, are not in AWS's list and are
// left unchanged.
var htmlNamed = [...]struct {
	name string
	b    byte
}{
	{"quot", '"'},
	{"nbsp", 0xA0},
	{"lt", '<'},
	{"gt", '>'},
}

// htmlEntityDecode implements HTML_ENTITY_DECODE.
//
//   - &#xH... (one or more hexadecimal digits) and &#D... (one or more
//     decimal digits) become one byte: the code point modulo 256
//     [inferred: ModSecurity htmlEntityDecode keeps the low byte; AWS says
//     "the corresponding characters" and, like ModSecurity, works in bytes
//     (&nbsp; is "decimal 160")]. &#X is accepted like &#x.
//   - &quot &nbsp &lt &gt, any letter case, become ", byte 160, <, >.
//   - The terminating ';' is optional and consumed when present [inferred:
//     ModSecurity accepts "&#xHH and &#xHH;", "&quot and &quot;" ...].
//   - Anything else, including & without a recognised entity, is copied.
func htmlEntityDecode(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '&' {
			// Copy the run up to the next '&' at once.
			j := bytes.IndexByte(src[i:], '&')
			if j < 0 {
				return append(dst, src[i:]...)
			}
			dst = append(dst, src[i:i+j]...)
			i += j - 1
			continue
		}
		if i+1 >= len(src) {
			dst = append(dst, c)
			continue
		}
		if b, end, ok := htmlEntity(src, i+1); ok {
			dst = append(dst, b)
			if end < len(src) && src[end] == ';' {
				end++
			}
			i = end - 1
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// htmlEntity decodes the entity body starting at s[i] (just after '&'). It
// returns the byte, the index just past the entity (before any ';') and
// whether an entity was recognised.
func htmlEntity(s []byte, i int) (byte, int, bool) {
	if s[i] == '#' {
		j := i + 1
		var v byte // the code point modulo 256
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
			start := j
			for j < len(s) {
				d, ok := unhex(s[j])
				if !ok {
					break
				}
				v = v<<4 | d
				j++
			}
			return v, j, j > start
		}
		start := j
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			v = v*10 + (s[j] - '0') // byte arithmetic wraps: value mod 256
			j++
		}
		return v, j, j > start
	}
	for _, e := range htmlNamed {
		if hasPrefixFold(s[i:], e.name) {
			return e.b, i + len(e.name), true
		}
	}
	return 0, 0, false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII word w,
// ignoring ASCII case.
func hasPrefixFold(s []byte, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for k := range len(w) {
		if s[k]|0x20 != w[k] {
			return false
		}
	}
	return true
}
