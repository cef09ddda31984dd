package transform

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzChain builds a chain from the first bytes of the input (one Kind per
// byte, up to the first 0xFF, at most 5 steps) and applies it to the rest.
// Properties: no panic; Apply with a reused, dirty Buffer equals Apply with
// a fresh one; the input is never modified; the chain equals step-by-step
// application of Apply.
func FuzzChain(f *testing.F) {
	f.Add([]byte{byte(URLDecode), byte(HTMLEntityDecode), byte(Lowercase), 0xFF, '%', '4', '1', '&', 'l', 't', ';'})
	f.Add([]byte{byte(JSDecodeExt), 0xFF, '\\', 'u', '{', '1', 'F', '6', '0', '0', '}'})
	f.Add([]byte{byte(NormalizePathWin), byte(CmdLine), 0xFF, '\\', '.', '.', '/', 'A'})
	f.Add([]byte{byte(Base64DecodeExt), byte(MD5), byte(HexDecode), 0xFF, 'Q', 'U', 'J', 'D'})
	f.Add([]byte{byte(UTF8ToUnicode), byte(URLDecodeUni), 0xFF, 0xc3, 0xa9})
	var reused Buffer
	// Dirty the reused buffer so stale bytes would show.
	reused.a = append(reused.a, "stale-a-stale-a-stale-a"...)
	reused.b = append(reused.b, "stale-b-stale-b-stale-b"...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Chain
		i := 0
		for ; i < len(data) && data[i] != 0xFF && len(c) < 5; i++ {
			c = append(c, Kind(data[i]%byte(numKinds)))
		}
		if i < len(data) && data[i] == 0xFF {
			i++
		}
		in := data[i:]
		orig := bytes.Clone(in)

		var fresh Buffer
		want := bytes.Clone(c.Apply(&fresh, in))
		got := c.Apply(&reused, in)
		if !bytes.Equal(got, want) {
			t.Fatalf("chain %v on %q: reused buffer %q, fresh buffer %q", c, in, got, want)
		}
		step := bytes.Clone(in)
		for _, k := range c {
			step = Apply(k, nil, step)
		}
		if !bytes.Equal(step, want) {
			t.Fatalf("chain %v on %q: Chain.Apply %q, step by step %q", c, in, want, step)
		}
		if !bytes.Equal(in, orig) {
			t.Fatalf("chain %v modified its input", c)
		}
	})
}

// normalizePathSlow is the readable oracle for NORMALIZE_PATH(_WIN): split,
// resolve with a slice stack, join. See normalizePath for the rules.
func normalizePathSlow(p string, win bool) string {
	if win {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	if p == "" {
		return ""
	}
	abs := p[0] == '/'
	var stack []string
	trailing := strings.HasSuffix(p, "/")
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "":
		case ".":
			trailing = true
		case "..":
			trailing = true
			if len(stack) > 0 && stack[len(stack)-1] != ".." {
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, "..")
			}
		default:
			trailing = strings.HasSuffix(p, "/")
			stack = append(stack, seg)
		}
	}
	out := strings.Join(stack, "/")
	if abs {
		out = "/" + out
	}
	if trailing && len(stack) > 0 {
		out += "/"
	}
	return out
}

// FuzzNormalizePath compares NORMALIZE_PATH and NORMALIZE_PATH_WIN with the
// slow oracle.
func FuzzNormalizePath(f *testing.F) {
	for _, s := range []string{"/a//b/./c/../d", "../a/../../b", "/..", `\a\..\b\`, "a/./", "/a/b/..", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		for _, win := range []bool{false, true} {
			got := string(normalizePath(nil, []byte(p), win))
			if want := normalizePathSlow(p, win); got != want {
				t.Fatalf("normalizePath(%q, win=%v) = %q, oracle %q", p, win, got, want)
			}
		}
	})
}
