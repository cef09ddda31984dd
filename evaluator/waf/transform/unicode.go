package transform

import "unicode/utf8"

// utf8ToUnicode implements UTF8_TO_UNICODE: "converts all UTF-8 character
// sequences to Unicode. This helps input normalization, and minimizes
// false-positives and false-negatives for non-English languages."
//
// [inferred: ModSecurity utf8toUnicode] Each valid multi-byte UTF-8 sequence
// becomes "%u" followed by its code point in lower-case hexadecimal, at
// least four digits ("é" -> "%u00e9", U+1F600 -> "%u1f600"). ASCII bytes,
// and bytes that do not start a valid sequence, are copied unchanged.
func utf8ToUnicode(dst, src []byte) []byte {
	const digits = "0123456789abcdef"
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			dst = append(dst, c)
			i++
			continue
		}
		dst = append(dst, '%', 'u')
		if r > 0xFFFF {
			if r > 0xFFFFF {
				dst = append(dst, digits[r>>20&0xF])
			}
			dst = append(dst, digits[r>>16&0xF])
		}
		dst = append(dst, digits[r>>12&0xF], digits[r>>8&0xF], digits[r>>4&0xF], digits[r&0xF])
		i += size
	}
	return dst
}
