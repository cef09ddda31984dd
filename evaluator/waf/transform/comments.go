package transform

// replaceComments implements REPLACE_COMMENTS: "replaces each occurrence of
// a C-style comment (/* ... */) with a single space. It doesn't compress
// multiple consecutive occurrences. It replaces unterminated comments with a
// space (ASCII 0x20). It doesn't change a standalone termination of a
// comment (*/)."
func replaceComments(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		if src[i] == '/' && i+1 < len(src) && src[i+1] == '*' {
			dst = append(dst, ' ')
			end := -1
			for j := i + 2; j+1 < len(src); j++ {
				if src[j] == '*' && src[j+1] == '/' {
					end = j + 1
					break
				}
			}
			if end < 0 { // unterminated: the rest of the input is comment
				return dst
			}
			i = end
			continue
		}
		dst = append(dst, src[i])
	}
	return dst
}

// removeCommentsChar implements REMOVE_COMMENTS_CHAR [inferred: AWS gives
// only the name; ModSecurity's removeCommentsChar "removes common comments
// chars (/*, */, --, #)"]. The markers are deleted, the text between them
// is kept. Scanning is left to right, so "/*/" loses its "/*" and keeps "/".
func removeCommentsChar(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '#' {
			continue
		}
		if i+1 < len(src) {
			n := src[i+1]
			if (c == '/' && n == '*') || (c == '*' && n == '/') || (c == '-' && n == '-') {
				i++
				continue
			}
		}
		dst = append(dst, c)
	}
	return dst
}
