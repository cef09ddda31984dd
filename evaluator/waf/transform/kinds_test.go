package transform

import (
	"bytes"
	"crypto/md5" //nolint:gosec // test oracle for the MD5 transformation
	"crypto/sha256"
	"testing"
)

// tc is one case of a per-Kind table: input, expected output, and the
// documentation line (aws-semantics.md §4.7, the AWS guide page "Text
// transformations", or the [inferred] choice in the package doc) it checks.
type tc struct {
	name, in, want, cite string
}

// runKind checks every case of one Kind's table, with a fresh and with a
// dirty reused destination buffer.
func runKind(t *testing.T, k Kind, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.in)
			orig := bytes.Clone(src)
			got := Apply(k, nil, src)
			if string(got) != c.want {
				t.Errorf("%s(%q) = %q, want %q (%s)", k, c.in, got, c.want, c.cite)
			}
			dirty := []byte("previous contents that must be overwritten")
			if got2 := Apply(k, dirty, src); !bytes.Equal(got2, got) {
				t.Errorf("%s(%q) with reused dst = %q, want %q", k, c.in, got2, got)
			}
			if !bytes.Equal(src, orig) {
				t.Errorf("%s modified its input: %q -> %q", k, orig, src)
			}
		})
	}
}

func TestNone(t *testing.T) {
	runKind(t, None, []tc{
		{"identity", "AbC %41 /*x*/", "AbC %41 /*x*/", "§4.7 NONE: inspects the request as received"},
		{"empty", "", "", "§4.7 NONE"},
		{"binary", "\x00\xff", "\x00\xff", "§4.7 NONE"},
	})
}

func TestCompressWhiteSpace(t *testing.T) {
	const doc = "§4.7 COMPRESS_WHITE_SPACE: \\f \\t \\n \\r \\v and 160 become a space; multiple spaces become one"
	runKind(t, CompressWhiteSpace, []tc{
		{"each char", "a\fb\tc\nd\re\vf\xa0g", "a b c d e f g", doc},
		{"run collapses", "a \t\n  b", "a b", doc},
		{"leading and trailing kept as one", "  a  ", " a ", doc},
		{"only spaces", "\t\t", " ", doc},
		{"no whitespace", "abc", "abc", doc},
	})
}

func TestHTMLEntityDecode(t *testing.T) {
	const doc = "§4.7 HTML_ENTITY_DECODE: &quot; &nbsp; &lt; &gt; &#xhhhh; &#nnnn;"
	runKind(t, HTMLEntityDecode, []tc{
		{"named", "&lt;script&gt;&quot;", "<script>\"", doc},
		{"nbsp is byte 160", "a&nbsp;b", "a\xa0b", doc + " (decimal 160)"},
		{"hex", "&#x3c;&#X3E;", "<>", doc},
		{"decimal", "&#60;&#0062;", "<>", doc},
		{"semicolon optional", "&lt&#60&#x3c", "<<<", "[inferred] ModSecurity: &#xHH and &#xHH;"},
		{"named any case", "&LT;&Quot;", "<\"", "[inferred] case-insensitive names"},
		{"amp not in AWS list", "&amp;lt;", "&amp;lt;", doc + " (&amp; not listed)"},
		{"unknown entity kept", "&copy; & &#; &#x;", "&copy; & &#; &#x;", "invalid encodings remain"},
		{"wide code point low byte", "&#x263a;&#321;", "\x3a\x41", "[inferred] low byte, as ModSecurity"},
		{"trailing ampersand", "a&", "a&", "invalid encodings remain"},
	})
}

func TestLowercase(t *testing.T) {
	const doc = "§4.7 LOWERCASE: converts A-Z to a-z"
	runKind(t, Lowercase, []tc{
		{"ascii", "SeLeCt * FROM T", "select * from t", doc},
		{"digits and symbols", "A1_B-2", "a1_b-2", doc},
		{"non-ascii untouched", "\xc3\x89A", "\xc3\x89a", doc + " (A-Z only)"},
	})
}

func TestUppercase(t *testing.T) {
	const doc = "§4.7 UPPERCASE: self-describing; a-z to A-Z"
	runKind(t, Uppercase, []tc{
		{"ascii", "select * from t", "SELECT * FROM T", doc},
		{"mixed", "aB1z", "AB1Z", doc},
		{"non-ascii untouched", "\xc3\xa9a", "\xc3\xa9A", doc},
	})
}

func TestCmdLine(t *testing.T) {
	const doc = "§4.7 CMD_LINE: delete \\ \" ' ^; delete spaces before / (; , ; to space; collapse; lowercase"
	runKind(t, CmdLine, []tc{
		{"deletes quoting", `c^a"t" 'x'\y`, "cat xy", doc},
		{"space before slash and paren", "ls   /etc  (x)", "ls/etc(x)", doc},
		{"comma semicolon", "a,b;c", "a b c", doc},
		{"collapse incl tab newline", "a \t\n b", "a b", doc + " [inferred: isspace]"},
		{"lowercase", "CMD.EXE /C DIR", "cmd.exe/c dir", doc},
		{"separator then slash", "a ; /b", "a/b", doc},
	})
}

func TestCmdLineWin(t *testing.T) {
	const doc = "[inferred] CMD_LINE_WIN: delete \" ^; keep \\; , ; to space; lowercase"
	runKind(t, CmdLineWin, []tc{
		{"caret and quote", `c^m"d" /c`, "cmd/c", doc},
		{"backslash kept", `C:\Windows\System32`, `c:\windows\system32`, doc},
		{"single quote kept", "a'b", "a'b", doc},
		{"separators", "a,b;c  d", "a b c d", doc},
	})
}

func TestCmdLineUnix(t *testing.T) {
	const doc = "[inferred] CMD_LINE_UNIX: delete \\ \" '; keep ^ and case; ; to space"
	runKind(t, CmdLineUnix, []tc{
		{"shell quoting", `c\a"t" /e't'c/passwd`, "cat/etc/passwd", doc},
		{"case kept", "LS -la", "LS -la", doc},
		{"caret kept", "a^b", "a^b", doc},
		{"semicolon and comma", "a;b,c", "a b,c", doc},
	})
}

func TestURLDecode(t *testing.T) {
	const doc = "§4.7 URL_DECODE: decodes a URL-encoded value"
	runKind(t, URLDecode, []tc{
		{"percent", "%3Cscript%3e", "<script>", doc},
		{"plus is space", "a+b", "a b", "[inferred] form encoding, as ModSecurity"},
		{"invalid kept", "%zz%4%", "%zz%4%", "invalid encodings remain"},
		{"single pass", "%2541", "%41", doc},
		{"nul", "a%00b", "a\x00b", doc},
		{"no %u", "%u0041", "%u0041", "§4.7 %u is URL_DECODE_UNI only"},
	})
}

func TestURLDecodeUni(t *testing.T) {
	const doc = "§4.7 URL_DECODE_UNI: like URL_DECODE plus %u; FF01-FF5E adjusted, else low byte"
	runKind(t, URLDecodeUni, []tc{
		{"percent u", "%u0041%U0042", "AB", doc},
		{"full width", "%uFF1Cscript%uff1e", "<script>", doc},
		{"low byte only", "%u263A", ":", doc},
		{"still percent hex", "%41+", "A ", doc},
		{"invalid u", "%u12G4", "%u12G4", "invalid encodings remain"},
	})
}

func TestBase64Decode(t *testing.T) {
	const doc = "§4.7 BASE64_DECODE: decodes a Base64-encoded string"
	runKind(t, Base64Decode, []tc{
		{"padded", "dGVzdHN0cmluZw==", "teststring", doc},
		{"unpadded", "dGVzdA", "test", doc},
		{"stops at invalid", "dGVz!dA==", "tes", "[inferred] decoded as far as valid"},
		{"empty", "", "", doc},
		{"not base64", "@@@", "", "[inferred] decoded as far as valid"},
	})
}

func TestBase64DecodeExt(t *testing.T) {
	const doc = "§4.7 BASE64_DECODE_EXT: forgiving, ignores characters that aren't valid"
	runKind(t, Base64DecodeExt, []tc{
		{"plain", "dGVzdA==", "test", doc},
		{"junk ignored", "d.G-V*z d\nA", "test", doc},
		{"padding inside ignored", "dG==Vz", "te" + "s", doc},
	})
}

func TestHexDecode(t *testing.T) {
	const doc = "§4.7 HEX_DECODE: decodes a string of hexadecimal characters into a binary"
	runKind(t, HexDecode, []tc{
		{"pairs", "414243", "ABC", doc},
		{"mixed case", "3c3E", "<>", doc},
		{"odd digit dropped", "41424", "AB", "[inferred] decoded as far as valid"},
		{"stops at invalid", "41zz42", "A", "[inferred] decoded as far as valid"},
	})
}

func TestSQLHexDecode(t *testing.T) {
	const doc = "§4.7 SQL_HEX_DECODE: 0x414243 -> ABC"
	runKind(t, SQLHexDecode, []tc{
		{"doc example", "0x414243", "ABC", doc},
		{"in text", "select 0x61646d696e from t", "select admin from t", doc},
		{"upper X", "0X41", "A", doc},
		{"odd trailing digit kept", "0x4142F", "ABF", "[inferred] ModSecurity"},
		{"no digits", "0x 0xZ1", "0x 0xZ1", "invalid encodings remain"},
	})
}

func TestMD5(t *testing.T) {
	sum := func(s string) string { h := md5.Sum([]byte(s)); return string(h[:]) } //nolint:gosec // test oracle
	const doc = "§4.7 MD5: raw binary digest"
	runKind(t, MD5, []tc{
		{"abc", "abc", sum("abc"), doc},
		{"empty", "", "\xd4\x1d\x8c\xd9\x8f\x00\xb2\x04\xe9\x80\x09\x98\xec\xf8\x42\x7e", doc + " (RFC 1321 test vector)"},
	})
}

func TestSHA256(t *testing.T) {
	h := sha256.Sum256([]byte("abc"))
	const doc = "§4.7 SHA256: raw binary digest [inferred by analogy with MD5]"
	runKind(t, SHA256, []tc{
		{"abc", "abc", string(h[:]), doc},
		{"abc prefix vector", "abc", "\xba\x78\x16\xbf" + string(h[4:]), doc + " (FIPS 180-2 vector)"},
	})
}

func TestReplaceComments(t *testing.T) {
	const doc = "§4.7 REPLACE_COMMENTS: /* ... */ -> one space; unterminated too; standalone */ kept"
	runKind(t, ReplaceComments, []tc{
		{"comment", "un/**/ion", "un ion", doc},
		{"not compressed", "a/*x*//*y*/b", "a  b", doc + " (doesn't compress)"},
		{"unterminated", "a/*rest", "a ", doc},
		{"standalone end", "a*/b", "a*/b", doc},
		{"comment chars inside", "a/*/*/b", "a b", doc},
	})
}

func TestRemoveCommentsChar(t *testing.T) {
	const doc = "[inferred] REMOVE_COMMENTS_CHAR: remove /* */ -- #"
	runKind(t, RemoveCommentsChar, []tc{
		{"c comment markers", "un/**/ion", "union", doc},
		{"sql dash", "1--2", "12", doc},
		{"hash", "a#b#", "ab", doc},
		{"single dash kept", "a-b", "a-b", doc},
		{"text between kept", "/*x*/", "x", doc},
	})
}

func TestEscapeSeqDecode(t *testing.T) {
	const doc = "§4.7 ESCAPE_SEQ_DECODE: \\a \\b \\f \\n \\r \\t \\v \\\\ \\? \\' \\\" \\xHH \\0OOO; invalid remain"
	runKind(t, EscapeSeqDecode, []tc{
		{"simple", `\a\b\f\n\r\t\v`, "\a\b\f\n\r\t\v", doc},
		{"punct", `\\\?\'\"`, `\?'"`, doc},
		{"hex", `\x41\x3c`, "A<", doc},
		{"octal", `\0101\101\0`, "\x08" + "1A\x00", doc + " [inferred: up to three octal digits]"},
		{"invalid hex remains", `\xZZ\x4`, `\xZZ\x4`, doc},
		{"unknown remains", `\q\8`, `\q\8`, doc},
		{"trailing backslash", `a\`, `a\`, doc},
	})
}

func TestCSSDecode(t *testing.T) {
	const doc = "§4.7 CSS_DECODE: CSS 2.x escapes, up to two bytes, ja\\vascript -> javascript"
	runKind(t, CSSDecode, []tc{
		{"doc example", `ja\vascript`, "javascript", doc},
		{"hex", `\6a\61vascript`, "javascript", doc},
		{"hex space consumed", `\41 B`, "AB", doc + " (CSS 2.1 §4.1.3)"},
		{"six digits max", `\0000411`, "A1", doc},
		{"full width", `\ff1c`, "<", doc + " [inferred: ModSecurity]"},
		{"low byte", `\263a`, ":", doc + " (up to two bytes)"},
		{"line continuation", "a\\\nb", "ab", "CSS 2.1 §4.1.3"},
		{"trailing backslash", `a\`, `a\`, "invalid encodings remain"},
	})
}

func TestJSDecode(t *testing.T) {
	const doc = "§4.7 JS_DECODE: \\uHHHH full-width adjusted else low byte"
	runKind(t, JSDecode, []tc{
		{"unicode", `\u0041\u003c`, "A<", doc},
		{"full width", `\uFF1Cscript\uff1e`, "<script>", doc},
		{"lossy low byte", `\u263a`, ":", doc + " (possible loss of information)"},
		{"hex", `\x41`, "A", doc},
		{"octal", `\101\0\477`, "A\x00\x27" + "7", doc + " [inferred: JS octal]"},
		{"simple", `\n\t`, "\n\t", doc},
		{"unknown escape drops backslash", `\d\'`, `d'`, doc + " [inferred: JS semantics]"},
		{"short unicode", `\u41`, "u41", doc + " [inferred]"},
		{"trailing", `a\`, `a\`, "invalid encodings remain"},
	})
}

func TestJSDecodeExt(t *testing.T) {
	const doc = "[inferred] JS_DECODE_EXT: lossless \\u and \\u{...}"
	runKind(t, JSDecodeExt, []tc{
		{"ascii", `\u0041`, "A", doc},
		{"bmp as utf8", `\u263a`, "\u263a", doc},
		{"surrogate pair", `\uD83D\uDE00`, "\U0001F600", doc},
		{"lone surrogate", `\uD83Dx`, "\uFFFDx", doc},
		{"braces", `\u{1F600}\u{41}`, "\U0001F600A", doc},
		{"braces too big", `\u{110000}`, "u{110000}", doc},
		{"full width not folded", `\uff1c`, "\uff1c", doc},
		{"rest as JS_DECODE", `\x41\101\d`, "AAd", doc},
	})
}

func TestNormalizePath(t *testing.T) {
	const doc = "§4.7 NORMALIZE_PATH: removes multiple slashes, ./ and ../ not at the beginning"
	runKind(t, NormalizePath, []tc{
		{"mixed", "/a//b/./c/../d", "/a/b/d", doc},
		{"multiple slashes", "//a///b", "/a/b", doc},
		{"leading backref kept", "../a/../../b", "../../b", doc},
		{"absolute leading backref kept", "/../etc/passwd", "/../etc/passwd", doc + " [inferred]"},
		{"trailing slash kept", "/a/b/", "/a/b/", "[inferred] ModSecurity"},
		{"trailing dot", "/a/.", "/a/", "[inferred] ModSecurity"},
		{"trailing dotdot", "/a/b/..", "/a/", "[inferred]"},
		{"to root", "/a/..", "/", doc},
		{"backslash is not a separator", `/a\..\b`, `/a\..\b`, doc},
		{"dots in names", "/a.b/..c/...", "/a.b/..c/...", doc},
		{"empty", "", "", doc},
	})
}

func TestNormalizePathWin(t *testing.T) {
	const doc = "§4.7 NORMALIZE_PATH_WIN: backslash to slash, then NORMALIZE_PATH"
	runKind(t, NormalizePathWin, []tc{
		{"backslashes", `\a\\b\.\c\..\d`, "/a/b/d", doc},
		{"mixed", `C:\x/..\y`, "C:/y", doc},
		{"traversal", `..\..\win.ini`, "../../win.ini", doc},
	})
}

func TestRemoveNulls(t *testing.T) {
	const doc = "§4.7 REMOVE_NULLS: removes all NULL bytes"
	runKind(t, RemoveNulls, []tc{
		{"inner", "a\x00b\x00\x00c", "abc", doc},
		{"only", "\x00", "", doc},
		{"none", "abc", "abc", doc},
	})
}

func TestReplaceNulls(t *testing.T) {
	const doc = "§4.7 REPLACE_NULLS: NULL bytes -> space"
	runKind(t, ReplaceNulls, []tc{
		{"inner", "a\x00b", "a b", doc},
		{"not compressed", "\x00\x00", "  ", doc},
		{"none", "abc", "abc", doc},
	})
}

func TestUTF8ToUnicode(t *testing.T) {
	const doc = "§4.7 UTF8_TO_UNICODE [inferred: ModSecurity %uHHHH]"
	runKind(t, UTF8ToUnicode, []tc{
		{"ascii unchanged", "abc<", "abc<", doc},
		{"two byte", "caf\xc3\xa9", "caf%u00e9", doc},
		{"three byte", "\xef\xbc\x9c", "%uff1c", doc},
		{"four byte", "\xf0\x9f\x98\x80", "%u1f600", doc},
		{"invalid bytes kept", "\xff\xc3", "\xff\xc3", doc},
	})
}

func TestRemoveWhitespace(t *testing.T) {
	const doc = "[inferred] REMOVE_WHITESPACE: isspace and 160 removed"
	runKind(t, RemoveWhitespace, []tc{
		{"all", " s e\tl\ne\xa0c\rt\v\f", "select", doc},
		{"none", "abc", "abc", doc},
	})
}

func TestTrim(t *testing.T) {
	const doc = "[inferred] TRIM: isspace trimmed both sides"
	runKind(t, Trim, []tc{
		{"both", " \t a b \n", "a b", doc},
		{"only spaces", "   ", "", doc},
		{"nbsp kept", "\xa0a\xa0", "\xa0a\xa0", doc},
	})
}

func TestTrimLeft(t *testing.T) {
	const doc = "[inferred] TRIM_LEFT"
	runKind(t, TrimLeft, []tc{
		{"left", " \ta ", "a ", doc},
		{"none", "a", "a", doc},
	})
}

func TestTrimRight(t *testing.T) {
	const doc = "[inferred] TRIM_RIGHT"
	runKind(t, TrimRight, []tc{
		{"right", " a \r\n", " a", doc},
		{"none", "a", "a", doc},
	})
}

// TestEveryKindHasATable guards against a new Kind without a test table:
// each Test<Kind> above must exist, which this checks by name.
func TestEveryKindHasATable(t *testing.T) {
	tested := map[Kind]bool{
		None: true, CompressWhiteSpace: true, HTMLEntityDecode: true, Lowercase: true,
		CmdLine: true, URLDecode: true, Base64Decode: true, HexDecode: true, MD5: true,
		ReplaceComments: true, EscapeSeqDecode: true, SQLHexDecode: true, CSSDecode: true,
		JSDecode: true, NormalizePath: true, NormalizePathWin: true, RemoveNulls: true,
		ReplaceNulls: true, Base64DecodeExt: true, URLDecodeUni: true, UTF8ToUnicode: true,
		RemoveWhitespace: true, Trim: true, TrimLeft: true, TrimRight: true,
		RemoveCommentsChar: true, Uppercase: true, CmdLineWin: true, CmdLineUnix: true,
		JSDecodeExt: true, SHA256: true,
	}
	for k := range numKinds {
		if !tested[Kind(k)] {
			t.Errorf("%s has no test table", Kind(k))
		}
	}
}
