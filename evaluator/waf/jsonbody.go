package waf

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonPointer is a parsed RFC 6901 pointer ("/a/0/b~1c").
type jsonPointer []string

func parsePointer(p string) (jsonPointer, error) {
	if p == "" {
		return jsonPointer{}, nil // the whole document
	}
	if p[0] != '/' {
		return nil, errors.New("a JSON Pointer starts with '/'")
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		for j := 0; j < len(s); j++ {
			if s[j] == '~' && (j+1 == len(s) || s[j+1] != '0' && s[j+1] != '1') {
				return nil, errors.New("'~' must be followed by 0 or 1")
			}
		}
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts, nil
}

// jsonStep is one step of the path to a JSON element: an object member
// name or an array index.
type jsonStep struct {
	name  []byte // the walker's copy, valid during the walk
	index int    // -1 for a member
}

func (st jsonStep) is(component string) bool {
	if st.index < 0 {
		return string(st.name) == component
	}
	n, err := strconv.Atoi(component)
	return err == nil && n == st.index && (component == "0" || component[0] != '0')
}

// under reports whether path starts with pointer p; proper requires path
// to be longer (a member name equal to the pointer's last step is not
// inspected, only what is under it: §4.5).
func under(path []jsonStep, p jsonPointer, proper bool) bool {
	if len(path) < len(p) || proper && len(path) == len(p) {
		return false
	}
	for i, c := range p {
		if !path[i].is(c) {
			return false
		}
	}
	return true
}

// maxJSONDepth bounds nesting so hostile bodies cannot exhaust the stack.
const maxJSONDepth = 256

// jsonWalk parses body leniently, calling emit for every member name
// (key true) and scalar value with the path to it. AWS's parser is lenient
// (§4.5: `{"key1":"value1""key2":"value2"}` parses as two pairs), so
// missing and trailing commas are accepted [inferred beyond that example].
// It reports whether the whole body parsed; on failure the elements
// before the failure have been emitted.
func jsonWalk(body []byte, emit jsonEmit) bool {
	var bufs jsonBufs
	return bufs.walk(body, emit)
}

// jsonBufs are the walker's buffers, kept in a Scratch so that walking a
// request body allocates nothing once they have grown.
type jsonBufs struct {
	path  []jsonStep
	str   []byte // the unescaped string being read
	names []byte // the member names of path, as a stack
}

// walk is jsonWalk with b's buffers. emit is passed down, not stored, so
// that a closure given to it can stay on the caller's stack.
func (b *jsonBufs) walk(body []byte, emit jsonEmit) bool {
	w := jsonWalker{jsonBufs: jsonBufs{path: b.path[:0], str: b.str[:0], names: b.names[:0]}, src: body}
	w.ws()
	ok := w.value(0, emit)
	if ok {
		w.ws()
		ok = w.i == len(w.src)
	}
	*b = w.jsonBufs
	return ok
}

// jsonEmit receives one member name (key true) or scalar value; path and
// text are valid only during the call.
type jsonEmit func(path []jsonStep, key bool, text []byte)

type jsonWalker struct {
	jsonBufs
	src []byte
	i   int
}

func (w *jsonWalker) ws() {
	for w.i < len(w.src) {
		switch w.src[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

func (w *jsonWalker) value(depth int, emit jsonEmit) bool {
	if depth > maxJSONDepth || w.i >= len(w.src) {
		return false
	}
	switch c := w.src[w.i]; {
	case c == '{':
		return w.object(depth, emit)
	case c == '[':
		return w.array(depth, emit)
	case c == '"':
		s, ok := w.string()
		if ok {
			emit(w.path, false, s)
		}
		return ok
	default:
		start := w.i
		for w.i < len(w.src) && isScalarByte(w.src[w.i]) {
			w.i++
		}
		lit := w.src[start:w.i]
		if !validLiteral(lit) {
			return false
		}
		emit(w.path, false, lit)
		return true
	}
}

func isScalarByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E'
}

func validLiteral(b []byte) bool {
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	// A number: -?digits(.digits)?([eE][+-]?digits)?, leading zeros
	// tolerated (lenient like AWS's parser).
	i := 0
	digits := func() bool {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if !digits() {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(b)
}

func (w *jsonWalker) object(depth int, emit jsonEmit) bool {
	w.i++ // '{'
	for {
		w.ws()
		if w.i >= len(w.src) {
			return false
		}
		switch w.src[w.i] {
		case '}':
			w.i++
			return true
		case ',':
			w.i++
			continue
		case '"':
		default:
			return false
		}
		k, ok := w.string()
		if !ok {
			return false
		}
		at := len(w.names)
		w.names = append(w.names, k...)
		w.path = append(w.path, jsonStep{name: w.names[at:], index: -1})
		emit(w.path, true, k)
		w.ws()
		if w.i >= len(w.src) || w.src[w.i] != ':' {
			return false
		}
		w.i++
		w.ws()
		if !w.value(depth+1, emit) {
			return false
		}
		w.path, w.names = w.path[:len(w.path)-1], w.names[:at]
	}
}

func (w *jsonWalker) array(depth int, emit jsonEmit) bool {
	w.i++ // '['
	for n := 0; ; {
		w.ws()
		if w.i >= len(w.src) {
			return false
		}
		switch w.src[w.i] {
		case ']':
			w.i++
			return true
		case ',':
			w.i++
			continue
		}
		w.path = append(w.path, jsonStep{index: n})
		if !w.value(depth+1, emit) {
			return false
		}
		w.path = w.path[:len(w.path)-1]
		n++
	}
}

// string reads a JSON string at w.i and returns its unescaped content
// (valid until the next call).
func (w *jsonWalker) string() ([]byte, bool) {
	w.i++ // '"'
	start := w.i
	for w.i < len(w.src) && w.src[w.i] != '"' && w.src[w.i] != '\\' {
		w.i++
	}
	if w.i < len(w.src) && w.src[w.i] == '"' {
		w.i++
		return w.src[start : w.i-1], true
	}
	w.str = append(w.str[:0], w.src[start:w.i]...)
	for w.i < len(w.src) {
		c := w.src[w.i]
		switch {
		case c == '"':
			w.i++
			return w.str, true
		case c != '\\':
			w.str = append(w.str, c)
			w.i++
			continue
		}
		if w.i+1 >= len(w.src) {
			return nil, false
		}
		e := w.src[w.i+1]
		w.i += 2
		switch e {
		case '"', '\\', '/':
			w.str = append(w.str, e)
		case 'b':
			w.str = append(w.str, '\b')
		case 'f':
			w.str = append(w.str, '\f')
		case 'n':
			w.str = append(w.str, '\n')
		case 'r':
			w.str = append(w.str, '\r')
		case 't':
			w.str = append(w.str, '\t')
		case 'u':
			r, ok := w.hex4()
			if !ok {
				return nil, false
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if w.i+1 < len(w.src) && w.src[w.i] == '\\' && w.src[w.i+1] == 'u' {
					w.i += 2
					if r2, ok = w.hex4(); !ok {
						return nil, false
					}
				}
				r = utf16.DecodeRune(r, r2)
			}
			w.str = utf8.AppendRune(w.str, r)
		default:
			return nil, false
		}
	}
	return nil, false
}

func (w *jsonWalker) hex4() (rune, bool) {
	if w.i+4 > len(w.src) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(w.src[w.i:w.i+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	w.i += 4
	return rune(n), true
}
