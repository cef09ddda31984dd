package transform

import (
	"bytes"
	"unicode/utf8"
)

// Backslash-escape decoders: ESCAPE_SEQ_DECODE, CSS_DECODE, JS_DECODE and
// JS_DECODE_EXT.

// cEscape maps the byte after a backslash to the character of a simple
// ANSI C / JavaScript escape (\a \b \f \n \r \t \v), or 0 if it is not one.
func cEscape(c byte) byte {
	switch c {
	case 'a':
		return '\a'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'v':
		return '\v'
	}
	return 0
}

// octalRun decodes up to max octal digits at s[i:], returning the value
// (low byte) and the number of digits used (0 if s[i] is not octal).
func octalRun(s []byte, i, max int) (byte, int) {
	var v byte
	n := 0
	for n < max && i+n < len(s) && isOctal(s[i+n]) {
		v = v<<3 | (s[i+n] - '0')
		n++
	}
	return v, n
}

// escapeSeqDecode implements ESCAPE_SEQ_DECODE: "decodes the following ANSI
// C escape sequences: \a, \b, \f, \n, \r, \t, \v, \\, \?, \', \", \xHH
// (hexadecimal), \0OOO (octal). Encodings that aren't valid remain in the
// output." \x needs exactly two hexadecimal digits. An octal escape is a
// backslash followed by one to three octal digits, value taken modulo 256
// [inferred: ModSecurity reads \OOO this way; "\0OOO" in the AWS text is
// read as "octal, as in \0 or \012"]. Any other backslash sequence, and a
// trailing backslash, is copied unchanged.
func escapeSeqDecode(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '\\' {
			j := bytes.IndexByte(src[i:], '\\')
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
		n := src[i+1]
		if e := cEscape(n); e != 0 {
			dst = append(dst, e)
			i++
			continue
		}
		switch {
		case n == '\\' || n == '?' || n == '\'' || n == '"':
			dst = append(dst, n)
			i++
		case n == 'x' || n == 'X':
			if b, ok := hexByte(src, i+2); ok {
				dst = append(dst, b)
				i += 3
			} else {
				dst = append(dst, c)
			}
		case isOctal(n):
			v, k := octalRun(src, i+1, 3)
			dst = append(dst, v)
			i += k
		default:
			dst = append(dst, c) // invalid: keep the backslash, then n as usual
		}
	}
	return dst
}

// cssDecode implements CSS_DECODE: "decodes characters that were encoded
// using CSS 2.x escape rules syndata.html#characters. This function uses up
// to two bytes in the decoding process ... It's also useful in countering
// evasion, which is a combination of a backslash and non-hexadecimal
// characters. For example, ja\vascript for javascript."
//
//   - \ + 1..6 hexadecimal digits is one character (CSS 2.1 §4.1.3); it
//     becomes one byte: the low byte, or the ASCII character for a
//     full-width code FF01-FF5E ("up to two bytes") [inferred: ModSecurity
//     cssDecode]. One whitespace byte after the digits is part of the
//     escape and is consumed, as CSS specifies.
//   - \ + newline is a line continuation and is removed (CSS 2.1 §4.1.3).
//   - \ + any other byte is that byte (ja\vascript -> javascript).
//   - A trailing backslash is copied unchanged.
func cssDecode(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '\\' {
			j := bytes.IndexByte(src[i:], '\\')
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
		j := i + 1
		var v uint32
		for j < len(src) && j < i+7 {
			d, ok := unhex(src[j])
			if !ok {
				break
			}
			v = v<<4 | uint32(d)
			j++
		}
		if j > i+1 { // hexadecimal escape
			dst = append(dst, fullWidthByte(v))
			if j < len(src) && isCSSSpace(src[j]) {
				j++
			}
			i = j - 1
			continue
		}
		if src[i+1] != '\n' {
			dst = append(dst, src[i+1])
		}
		i++
	}
	return dst
}

// isCSSSpace is CSS 2.1 whitespace: space, tab, line feed, carriage return,
// form feed.
func isCSSSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// jsDecode implements JS_DECODE and, with ext set, JS_DECODE_EXT.
//
// JS_DECODE (AWS: "decodes JavaScript escape sequences. If a \uHHHH code is
// in the full-width ASCII code range of FF01-FF5E, then the higher byte is
// used to detect and adjust the lower byte. If not, only the lower byte is
// used and the higher byte is zeroed, causing a possible loss of
// information."):
//   - \uHHHH becomes one byte (fullWidthByte).
//   - \xHH becomes the byte HH.
//   - \ + octal digits (up to three when the first is 0-3, else up to two,
//     as in JavaScript) becomes that byte.
//   - \a \b \f \n \r \t \v become their control characters [inferred:
//     ModSecurity jsDecode].
//   - \ + any other byte is that byte, as in JavaScript ("\d" == "d");
//     this also covers \u and \x not followed by enough hexadecimal digits.
//   - A trailing backslash is copied unchanged.
//
// JS_DECODE_EXT [inferred: no public description; "EXT" read as the lossless
// extension]: like JS_DECODE, but \uHHHH decodes to the full code point in
// UTF-8 (a surrogate pair \uD83D\uDE00 is joined; a lone surrogate becomes
// U+FFFD), and ES2015 \u{H...} (1-6 digits, at most 10FFFF) is decoded too.
func jsDecode(dst, src []byte, ext bool) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '\\' {
			j := bytes.IndexByte(src[i:], '\\')
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
		n := src[i+1]
		switch {
		case n == 'u':
			if ext {
				if r, k := jsCodePoint(src, i+2); k > 0 {
					dst = utf8.AppendRune(dst, r)
					i += k
					continue
				}
			} else if v, ok := hex4(src, i+2); ok {
				dst = append(dst, fullWidthByte(uint32(v)))
				i += 5
				continue
			}
			dst = append(dst, n)
			i++
		case n == 'x':
			if b, ok := hexByte(src, i+2); ok {
				dst = append(dst, b)
				i += 3
				continue
			}
			dst = append(dst, n)
			i++
		case isOctal(n):
			max := 3
			if n > '3' {
				max = 2
			}
			v, k := octalRun(src, i+1, max)
			dst = append(dst, v)
			i += k
		default:
			if e := cEscape(n); e != 0 {
				n = e
			}
			dst = append(dst, n)
			i++
		}
	}
	return dst
}

// jsCodePoint decodes the code point of a \u escape whose digits (or '{')
// start at s[i], just after "\u". It returns the rune and k, the number of
// bytes the escape occupies after the backslash (the 'u' included), or
// k == 0 when the escape is not valid.
func jsCodePoint(s []byte, i int) (rune, int) {
	if i < len(s) && s[i] == '{' {
		var v rune
		j := i + 1
		for j < len(s) && j < i+7 {
			d, ok := unhex(s[j])
			if !ok {
				break
			}
			v = v<<4 | rune(d)
			j++
		}
		if j == i+1 || j >= len(s) || s[j] != '}' || v > utf8.MaxRune {
			return 0, 0
		}
		return v, j - i + 2 // 'u' + '{' ... '}'
	}
	v, ok := hex4(s, i)
	if !ok {
		return 0, 0
	}
	r := rune(v)
	if r >= 0xD800 && r <= 0xDBFF && i+9 < len(s) && s[i+4] == '\\' && s[i+5] == 'u' {
		if lo, ok := hex4(s, i+6); ok && lo >= 0xDC00 && lo <= 0xDFFF {
			return 0x10000 + (r-0xD800)<<10 + (rune(lo) - 0xDC00), 11 // u + 4 + \u + 4
		}
	}
	return r, 5 // 'u' + 4 digits; a lone surrogate is encoded as U+FFFD
}
