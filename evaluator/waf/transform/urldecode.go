package transform

// urlDecode implements URL_DECODE ("decodes a URL-encoded value") and, with
// uni set, URL_DECODE_UNI ("Like URL_DECODE, but with support for
// Microsoft-specific %u encoding").
//
//   - %HH (two hexadecimal digits) becomes the byte HH.
//   - + becomes a space [inferred: application/x-www-form-urlencoded, and
//     ModSecurity's urlDecode does the same].
//   - %uHHHH / %UHHHH (uni only) becomes one byte: the low byte, or for the
//     full-width range FF01-FF5E the ASCII character it stands for
//     (fullWidthByte), as AWS documents.
//   - A % not followed by a valid escape is copied unchanged and decoding
//     resumes at the next byte [inferred: ModSecurity leaves invalid
//     encodings in place].
//
// One pass only: %2541 decodes to %41, not to A.
func urlDecode(dst, src []byte, uni bool) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '+':
			dst = append(dst, ' ')
		case '%':
			if uni && i+1 < len(src) && (src[i+1] == 'u' || src[i+1] == 'U') {
				if v, ok := hex4(src, i+2); ok {
					dst = append(dst, fullWidthByte(uint32(v)))
					i += 5
					continue
				}
			}
			if b, ok := hexByte(src, i+1); ok {
				dst = append(dst, b)
				i += 2
				continue
			}
			dst = append(dst, '%')
		default:
			// Copy the run of plain bytes up to the next '%' or '+' at once.
			j := i + 1
			for j < len(src) && src[j] != '%' && src[j] != '+' {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j - 1
		}
	}
	return dst
}
