package transform

// Byte classes shared by several transformations.

// isSpace reports the C isspace set in the "C" locale: space, \t, \n, \v,
// \f, \r. TRIM* and the CMD_LINE family use it [inferred: ModSecurity's
// trim and cmdLine use isspace].
func isSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// isWhite is isSpace plus the non-breaking space byte 160, the set AWS lists
// for COMPRESS_WHITE_SPACE ("\f, \t, \n, \r, \v, non-breaking space,
// decimal 160").
func isWhite(c byte) bool {
	return isSpace(c) || c == 0xA0
}

// unhex returns the value of the hexadecimal digit c.
func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// hexByte decodes the two hexadecimal digits at s[i] and s[i+1].
func hexByte(s []byte, i int) (byte, bool) {
	if i+1 >= len(s) {
		return 0, false
	}
	hi, ok1 := unhex(s[i])
	lo, ok2 := unhex(s[i+1])
	return hi<<4 | lo, ok1 && ok2
}

// hex4 decodes the four hexadecimal digits at s[i:i+4].
func hex4(s []byte, i int) (uint16, bool) {
	if i+3 >= len(s) {
		return 0, false
	}
	var v uint16
	for j := i; j < i+4; j++ {
		d, ok := unhex(s[j])
		if !ok {
			return 0, false
		}
		v = v<<4 | uint16(d)
	}
	return v, true
}

// fullWidthByte maps a 16-bit code unit to one byte the way AWS documents
// for JS_DECODE and URL_DECODE_UNI: "If the code is in the full-width ASCII
// code range of FF01-FF5E, the higher byte is used to detect and adjust the
// lower byte. Otherwise, only the lower byte is used and the higher byte is
// zeroed." Full-width U+FF01..U+FF5E correspond to ASCII 0x21..0x7E, i.e. the
// low byte plus 0x20.
func fullWidthByte(v uint32) byte {
	if v >= 0xFF01 && v <= 0xFF5E {
		return byte(v) + 0x20
	}
	return byte(v)
}

// isOctal reports whether c is an octal digit.
func isOctal(c byte) bool { return c >= '0' && c <= '7' }
