package transform

// cmdFlavour parameterises the CMD_LINE family: which bytes are deleted,
// which become a space, and whether the result is lowercased.
type cmdFlavour struct {
	deleted   [256]bool // bytes removed outright
	separator [256]bool // bytes turned into a space (whitespace always is)
	lower     bool      // convert A-Z to a-z
}

func newCmdFlavour(deleted, separators string, lower bool) *cmdFlavour {
	f := &cmdFlavour{lower: lower}
	for i := range len(deleted) {
		f.deleted[deleted[i]] = true
	}
	for i := range len(separators) {
		f.separator[separators[i]] = true
	}
	return f
}

var (
	// cmdLineFlavour is CMD_LINE as AWS documents it: delete \ " ' ^,
	// replace , ; with a space, lowercase.
	cmdLineFlavour = newCmdFlavour(`\"'^`, ",;", true)

	// cmdLineWinFlavour is CMD_LINE_WIN [inferred: no public description].
	// cmd.exe uses ^ as its escape character and " as its only quote, and
	// treats , ; as argument separators; \ is a path separator there and is
	// kept so that c:\windows\system32 still reads as a path. cmd.exe is
	// case-insensitive, so the result is lowercased.
	cmdLineWinFlavour = newCmdFlavour(`"^`, ",;", true)

	// cmdLineUnixFlavour is CMD_LINE_UNIX [inferred: no public description].
	// POSIX shells treat \ as the escape character and ' " as quotes, so
	// c\a"t" and c'a't both run cat; ^ has no meaning and is kept. ; is the
	// command separator (a space here, as in CMD_LINE). Unix commands are
	// case-sensitive, so case is preserved.
	cmdLineUnixFlavour = newCmdFlavour(`\"'`, ";", false)
)

// cmdLine implements the CMD_LINE family. AWS documents CMD_LINE as: delete
// \ " ' ^; delete spaces before / and (; replace , and ; with a space;
// replace multiple spaces with one space; convert A-Z to a-z. Following
// ModSecurity's cmdLine, "spaces" include tab, newline and the other isspace
// bytes [inferred].
func cmdLine(dst, src []byte, f *cmdFlavour) []byte {
	// lastSpace tracks whether dst ends with a space this call emitted, so
	// runs collapse and a space before / or ( can be taken back.
	lastSpace := false
	for _, c := range src {
		switch {
		case f.deleted[c]:
			continue
		case isSpace(c) || f.separator[c]:
			if !lastSpace {
				dst = append(dst, ' ')
				lastSpace = true
			}
			continue
		case c == '/' || c == '(':
			if lastSpace {
				dst = dst[:len(dst)-1]
			}
		case f.lower && c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		lastSpace = false
		dst = append(dst, c)
	}
	return dst
}
