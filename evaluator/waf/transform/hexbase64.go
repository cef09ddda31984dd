package transform

// Whole-input decoders: BASE64_DECODE, BASE64_DECODE_EXT, HEX_DECODE, and
// the in-text SQL_HEX_DECODE.

// b64 maps a byte to its value in the standard Base64 alphabet (RFC 4648
// §4), or 0xFF when it is not in the alphabet.
var b64 = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// b64Acc accumulates Base64 sextets and emits whole bytes.
type b64Acc struct {
	bits uint32
	n    int // sextets held, 0..3
}

func (a *b64Acc) add(dst []byte, v byte) []byte {
	a.bits = a.bits<<6 | uint32(v)
	a.n++
	if a.n == 4 {
		dst = append(dst, byte(a.bits>>16), byte(a.bits>>8), byte(a.bits))
		a.bits, a.n = 0, 0
	}
	return dst
}

// flush emits the bytes fully determined by a partial final quantum: two
// sextets hold one byte, three hold two, a single sextet holds none.
func (a *b64Acc) flush(dst []byte) []byte {
	switch a.n {
	case 2:
		dst = append(dst, byte(a.bits>>4))
	case 3:
		dst = append(dst, byte(a.bits>>10), byte(a.bits>>2))
	}
	return dst
}

// base64Decode implements BASE64_DECODE ("decodes a Base64-encoded string").
// Decoding stops at the first '=' or at the first byte outside the standard
// alphabet; the bytes decoded up to there are the result [inferred: AWS
// says nothing about invalid input; decoding "as far as valid" matches
// ModSecurity's base64Decode, and BASE64_DECODE_EXT exists precisely for
// input with invalid characters].
func base64Decode(dst, src []byte) []byte {
	var a b64Acc
	for _, c := range src {
		v := b64[c]
		if v == 0xFF {
			break
		}
		dst = a.add(dst, v)
	}
	return a.flush(dst)
}

// base64DecodeExt implements BASE64_DECODE_EXT: "decodes a Base64-encoded
// string, but uses a forgiving implementation that ignores characters that
// aren't valid". Every byte outside the alphabet, '=' included, is skipped.
func base64DecodeExt(dst, src []byte) []byte {
	var a b64Acc
	for _, c := range src {
		if v := b64[c]; v != 0xFF {
			dst = a.add(dst, v)
		}
	}
	return a.flush(dst)
}

// hexDecode implements HEX_DECODE ("decodes a string of hexadecimal
// characters into a binary"). Pairs of hexadecimal digits are decoded until
// the first pair that is not two hexadecimal digits; an odd final digit is
// dropped [inferred, as base64Decode].
func hexDecode(dst, src []byte) []byte {
	for i := 0; i+1 < len(src); i += 2 {
		b, ok := hexByte(src, i)
		if !ok {
			break
		}
		dst = append(dst, b)
	}
	return dst
}

// sqlHexDecode implements SQL_HEX_DECODE: "(0x414243) is decoded to (ABC)".
// Every 0x or 0X followed by at least one pair of hexadecimal digits is
// replaced by the decoded pairs; an odd trailing digit is copied unchanged,
// and 0x without a pair is left as is [inferred: ModSecurity sqlHexDecode].
func sqlHexDecode(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') {
			if _, ok := hexByte(src, i+2); ok {
				j := i + 2
				for {
					b, ok := hexByte(src, j)
					if !ok {
						break
					}
					dst = append(dst, b)
					j += 2
				}
				i = j - 1
				continue
			}
		}
		dst = append(dst, src[i])
	}
	return dst
}
