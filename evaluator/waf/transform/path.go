package transform

import "bytes"

// normalizePath implements NORMALIZE_PATH ("removes multiple slashes,
// directory self-references, and directory back-references that are not at
// the beginning of the input") and, with win set, NORMALIZE_PATH_WIN ("like
// NORMALIZE_PATH, but first converts backslash characters to forward
// slashes").
//
// The path is split on '/' (and '\' for win); empty segments (from "//")
// and "." segments are dropped; ".." removes the segment before it. A ".."
// with no segment left to remove is "at the beginning" and is kept, for
// absolute and relative paths alike, so "/../etc/passwd" is unchanged
// [inferred: AWS's wording; keeping it also keeps the traversal visible to
// later inspection]. A leading '/' is kept, and a trailing '/' is kept when
// the input ended with a separator or with a "." or ".." segment
// [inferred: ModSecurity normalizePath keeps "/a/b/" and turns "/a/." into
// "/a/"].
func normalizePath(dst, src []byte, win bool) []byte {
	isSep := func(c byte) bool { return c == '/' || (win && c == '\\') }
	if len(src) == 0 {
		return dst
	}
	root := 0
	if isSep(src[0]) {
		dst = append(dst, '/')
		root = 1
	}
	depth := 0        // removable (non-"..") segments in dst
	trailing := false // last segment was "." or ".."
	for i := 0; i < len(src); {
		for i < len(src) && isSep(src[i]) {
			i++
		}
		start := i
		for i < len(src) && !isSep(src[i]) {
			i++
		}
		seg := src[start:i]
		switch {
		case len(seg) == 0:
			continue
		case len(seg) == 1 && seg[0] == '.':
			trailing = true
			continue
		case len(seg) == 2 && seg[0] == '.' && seg[1] == '.':
			trailing = true
			if depth > 0 {
				depth--
				if k := bytes.LastIndexByte(dst[root:], '/'); k >= 0 {
					dst = dst[:root+k]
				} else {
					dst = dst[:root]
				}
				continue
			}
		default:
			trailing = false
			depth++
		}
		if len(dst) > root {
			dst = append(dst, '/')
		}
		dst = append(dst, seg...)
	}
	if (trailing || isSep(src[len(src)-1])) && len(dst) > root {
		dst = append(dst, '/')
	}
	return dst
}
