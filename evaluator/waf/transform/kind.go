package transform

import "fmt"

// Kind is one AWS WAF TextTransformationType. The zero value is None, the
// identity. Values are dense (None..SHA256) so tables can be indexed by Kind.
type Kind uint8

// The AWS TextTransformationType values, in the order of the API enum
// (botocore wafv2 service-2.json, shape TextTransformationType).
const (
	// None inspects the component as received ("NONE").
	None Kind = iota
	// CompressWhiteSpace replaces \f \t \n \r \v and NBSP (byte 160) with a
	// space and replaces multiple spaces with one ("COMPRESS_WHITE_SPACE").
	CompressWhiteSpace
	// HTMLEntityDecode replaces &quot; &nbsp; &lt; &gt; &#xhhhh; and &#nnnn;
	// with the characters they encode ("HTML_ENTITY_DECODE"). See htmlEntityDecode.
	HTMLEntityDecode
	// Lowercase converts A-Z to a-z ("LOWERCASE").
	Lowercase
	// CmdLine deletes \ " ' ^, deletes spaces before / and (, replaces , and ;
	// with a space, collapses spaces and lowercases ("CMD_LINE").
	CmdLine
	// URLDecode decodes %HH escapes ("URL_DECODE"). See urlDecode.
	URLDecode
	// Base64Decode decodes a Base64 string ("BASE64_DECODE").
	Base64Decode
	// HexDecode decodes a string of hexadecimal characters ("HEX_DECODE").
	HexDecode
	// MD5 replaces the input with its raw 16-byte MD5 digest ("MD5").
	MD5
	// ReplaceComments replaces each /* ... */ comment with one space
	// ("REPLACE_COMMENTS").
	ReplaceComments
	// EscapeSeqDecode decodes ANSI C escape sequences ("ESCAPE_SEQ_DECODE").
	EscapeSeqDecode
	// SQLHexDecode decodes SQL hex literals such as 0x414243 ("SQL_HEX_DECODE").
	SQLHexDecode
	// CSSDecode decodes CSS 2.x escapes ("CSS_DECODE").
	CSSDecode
	// JSDecode decodes JavaScript escape sequences ("JS_DECODE").
	JSDecode
	// NormalizePath removes multiple slashes and ./ and ../ references
	// ("NORMALIZE_PATH").
	NormalizePath
	// NormalizePathWin converts \ to / and then applies NormalizePath
	// ("NORMALIZE_PATH_WIN").
	NormalizePathWin
	// RemoveNulls removes all NUL bytes ("REMOVE_NULLS").
	RemoveNulls
	// ReplaceNulls replaces NUL bytes with spaces ("REPLACE_NULLS").
	ReplaceNulls
	// Base64DecodeExt decodes Base64, ignoring characters that are not valid
	// ("BASE64_DECODE_EXT").
	Base64DecodeExt
	// URLDecodeUni is URLDecode plus Microsoft %uHHHH escapes ("URL_DECODE_UNI").
	URLDecodeUni
	// UTF8ToUnicode converts UTF-8 sequences to %uHHHH notation
	// ("UTF8_TO_UNICODE") [inferred].
	UTF8ToUnicode
	// RemoveWhitespace removes all whitespace ("REMOVE_WHITESPACE") [inferred].
	RemoveWhitespace
	// Trim removes leading and trailing whitespace ("TRIM") [inferred].
	Trim
	// TrimLeft removes leading whitespace ("TRIM_LEFT") [inferred].
	TrimLeft
	// TrimRight removes trailing whitespace ("TRIM_RIGHT") [inferred].
	TrimRight
	// RemoveCommentsChar removes the comment markers /* */ -- and #
	// ("REMOVE_COMMENTS_CHAR") [inferred].
	RemoveCommentsChar
	// Uppercase converts a-z to A-Z ("UPPERCASE"); like Lowercase, ASCII only.
	Uppercase
	// CmdLineWin is the Windows cmd.exe variant of CmdLine ("CMD_LINE_WIN")
	// [inferred].
	CmdLineWin
	// CmdLineUnix is the Unix shell variant of CmdLine ("CMD_LINE_UNIX")
	// [inferred].
	CmdLineUnix
	// JSDecodeExt is JSDecode without the lossy low-byte truncation
	// ("JS_DECODE_EXT") [inferred].
	JSDecodeExt
	// SHA256 replaces the input with its raw 32-byte SHA-256 digest ("SHA256").
	SHA256

	// numKinds is the number of valid Kind values.
	numKinds = int(SHA256) + 1
)

// kindNames holds the AWS enum name of every Kind, indexed by Kind.
var kindNames = [numKinds]string{
	None:               "NONE",
	CompressWhiteSpace: "COMPRESS_WHITE_SPACE",
	HTMLEntityDecode:   "HTML_ENTITY_DECODE",
	Lowercase:          "LOWERCASE",
	CmdLine:            "CMD_LINE",
	URLDecode:          "URL_DECODE",
	Base64Decode:       "BASE64_DECODE",
	HexDecode:          "HEX_DECODE",
	MD5:                "MD5",
	ReplaceComments:    "REPLACE_COMMENTS",
	EscapeSeqDecode:    "ESCAPE_SEQ_DECODE",
	SQLHexDecode:       "SQL_HEX_DECODE",
	CSSDecode:          "CSS_DECODE",
	JSDecode:           "JS_DECODE",
	NormalizePath:      "NORMALIZE_PATH",
	NormalizePathWin:   "NORMALIZE_PATH_WIN",
	RemoveNulls:        "REMOVE_NULLS",
	ReplaceNulls:       "REPLACE_NULLS",
	Base64DecodeExt:    "BASE64_DECODE_EXT",
	URLDecodeUni:       "URL_DECODE_UNI",
	UTF8ToUnicode:      "UTF8_TO_UNICODE",
	RemoveWhitespace:   "REMOVE_WHITESPACE",
	Trim:               "TRIM",
	TrimLeft:           "TRIM_LEFT",
	TrimRight:          "TRIM_RIGHT",
	RemoveCommentsChar: "REMOVE_COMMENTS_CHAR",
	Uppercase:          "UPPERCASE",
	CmdLineWin:         "CMD_LINE_WIN",
	CmdLineUnix:        "CMD_LINE_UNIX",
	JSDecodeExt:        "JS_DECODE_EXT",
	SHA256:             "SHA256",
}

// ParseKind maps an AWS TextTransformationType name (exact, upper case, as in
// the API) to its Kind. An unknown name is an error naming the value; it is
// never mapped to None, because silently skipping a transformation changes
// verdicts.
func ParseKind(name string) (Kind, error) {
	for k, n := range kindNames {
		if n == name {
			return Kind(k), nil
		}
	}
	return None, fmt.Errorf("unknown text transformation type %q", name)
}

// String returns the AWS enum name, or "Kind(n)" for an invalid value.
func (k Kind) String() string {
	if k.Valid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Valid reports whether k is one of the defined constants.
func (k Kind) Valid() bool { return int(k) < numKinds }

// Inferred reports whether k's behaviour is not fully specified by AWS's
// documentation, so that this package had to choose it (see the package doc
// and each Kind's comment). The engine can surface this in an explanation:
// a verdict that hinges on such a transformation is our best reading, not
// AWS's documented behaviour.
func (k Kind) Inferred() bool {
	switch k {
	case UTF8ToUnicode, RemoveWhitespace, Trim, TrimLeft, TrimRight,
		RemoveCommentsChar, CmdLineWin, CmdLineUnix, JSDecodeExt:
		return true
	}
	return false
}
