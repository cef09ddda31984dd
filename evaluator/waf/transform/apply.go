package transform

import (
	"crypto/md5" //nolint:gosec // MD5 is the AWS-defined transformation, not a security choice.
	"crypto/sha256"
)

// Apply appends the result of transforming src with k to dst[:0] and returns
// it, so a caller can reuse one buffer across calls. src is never modified;
// dst must not overlap src. An invalid Kind leaves the input unchanged
// (ParseKind and NewChain never produce one). Apply is total: it never
// panics, whatever the bytes.
func Apply(k Kind, dst, src []byte) []byte {
	dst = dst[:0]
	switch k {
	case CompressWhiteSpace:
		return compressWhiteSpace(dst, src)
	case HTMLEntityDecode:
		return htmlEntityDecode(dst, src)
	case Lowercase:
		return lowercase(dst, src)
	case CmdLine:
		return cmdLine(dst, src, cmdLineFlavour)
	case URLDecode:
		return urlDecode(dst, src, false)
	case Base64Decode:
		return base64Decode(dst, src)
	case HexDecode:
		return hexDecode(dst, src)
	case MD5:
		sum := md5.Sum(src) //nolint:gosec // see import
		return append(dst, sum[:]...)
	case ReplaceComments:
		return replaceComments(dst, src)
	case EscapeSeqDecode:
		return escapeSeqDecode(dst, src)
	case SQLHexDecode:
		return sqlHexDecode(dst, src)
	case CSSDecode:
		return cssDecode(dst, src)
	case JSDecode:
		return jsDecode(dst, src, false)
	case NormalizePath:
		return normalizePath(dst, src, false)
	case NormalizePathWin:
		return normalizePath(dst, src, true)
	case RemoveNulls:
		return removeNulls(dst, src)
	case ReplaceNulls:
		return replaceNulls(dst, src)
	case Base64DecodeExt:
		return base64DecodeExt(dst, src)
	case URLDecodeUni:
		return urlDecode(dst, src, true)
	case UTF8ToUnicode:
		return utf8ToUnicode(dst, src)
	case RemoveWhitespace:
		return removeWhitespace(dst, src)
	case Trim:
		return append(dst, trimRight(trimLeft(src))...)
	case TrimLeft:
		return append(dst, trimLeft(src)...)
	case TrimRight:
		return append(dst, trimRight(src)...)
	case RemoveCommentsChar:
		return removeCommentsChar(dst, src)
	case Uppercase:
		return uppercase(dst, src)
	case CmdLineWin:
		return cmdLine(dst, src, cmdLineWinFlavour)
	case CmdLineUnix:
		return cmdLine(dst, src, cmdLineUnixFlavour)
	case JSDecodeExt:
		return jsDecode(dst, src, true)
	case SHA256:
		sum := sha256.Sum256(src)
		return append(dst, sum[:]...)
	default: // None and invalid kinds: identity.
		return append(dst, src...)
	}
}
