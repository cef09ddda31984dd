package transform

// Byte-class transformations: case, whitespace and NUL handling.

// lowercase implements LOWERCASE: "converts uppercase letters (A-Z) to
// lowercase (a-z)". Only ASCII letters change.
func lowercase(dst, src []byte) []byte {
	n := len(dst)
	dst = append(dst, src...)
	out := dst[n:]
	for i, c := range out {
		if c >= 'A' && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return dst
}

// uppercase implements UPPERCASE, the mirror of LOWERCASE (a-z to A-Z).
func uppercase(dst, src []byte) []byte {
	n := len(dst)
	dst = append(dst, src...)
	out := dst[n:]
	for i, c := range out {
		if c >= 'a' && c <= 'z' {
			out[i] = c - ('a' - 'A')
		}
	}
	return dst
}

// compressWhiteSpace implements COMPRESS_WHITE_SPACE: \f \t \n \r \v and
// byte 160 become a space, and "multiple spaces" become one.
func compressWhiteSpace(dst, src []byte) []byte {
	inSpace := false
	for _, c := range src {
		if isWhite(c) {
			if !inSpace {
				dst = append(dst, ' ')
			}
			inSpace = true
			continue
		}
		inSpace = false
		dst = append(dst, c)
	}
	return dst
}

// removeWhitespace implements REMOVE_WHITESPACE [inferred: AWS gives only the
// name; ModSecurity's removeWhitespace removes the isspace set and the
// non-breaking space 160, the same set COMPRESS_WHITE_SPACE documents].
func removeWhitespace(dst, src []byte) []byte {
	for _, c := range src {
		if !isWhite(c) {
			dst = append(dst, c)
		}
	}
	return dst
}

// trimLeft returns src without leading isSpace bytes (TRIM_LEFT) [inferred:
// ModSecurity's trimLeft uses isspace, so byte 160 is not trimmed].
func trimLeft(src []byte) []byte {
	i := 0
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	return src[i:]
}

// trimRight returns src without trailing isSpace bytes (TRIM_RIGHT)
// [inferred, as trimLeft].
func trimRight(src []byte) []byte {
	i := len(src)
	for i > 0 && isSpace(src[i-1]) {
		i--
	}
	return src[:i]
}

// removeNulls implements REMOVE_NULLS: "removes all NULL bytes".
func removeNulls(dst, src []byte) []byte {
	for _, c := range src {
		if c != 0 {
			dst = append(dst, c)
		}
	}
	return dst
}

// replaceNulls implements REPLACE_NULLS: "replaces NULL bytes in the input
// with space characters (ASCII 0x20)".
func replaceNulls(dst, src []byte) []byte {
	n := len(dst)
	dst = append(dst, src...)
	out := dst[n:]
	for i, c := range out {
		if c == 0 {
			out[i] = ' '
		}
	}
	return dst
}
