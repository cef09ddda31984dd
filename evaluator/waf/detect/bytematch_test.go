package detect

import (
	"strings"
	"testing"
)

func TestParsePositional(t *testing.T) {
	// §4.4: PositionalConstraint ∈ EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS, CONTAINS_WORD.
	for _, p := range []Positional{Exactly, StartsWith, EndsWith, Contains, ContainsWord} {
		got, err := ParsePositional(p.String())
		if err != nil || got != p {
			t.Errorf("ParsePositional(%q) = %v, %v", p.String(), got, err)
		}
	}
	for _, bad := range []string{"", "contains", "EXACT", "CONTAINSWORD", "Positional(0)"} {
		if _, err := ParsePositional(bad); err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("ParsePositional(%q) err = %v, want an error naming the value", bad, err)
		}
	}
	if s := Positional(0).String(); s != "Positional(0)" {
		t.Errorf("zero Positional String = %q", s)
	}
}

func TestByteMatch(t *testing.T) {
	tests := []struct {
		name          string
		p             Positional
		value, search string
		want          bool
		cite          string
	}{
		{"exactly equal", Exactly, "/web/login", "/web/login", true, "§4.4 EXACTLY"},
		{"exactly longer", Exactly, "/web/login/", "/web/login", false, "§4.4 EXACTLY"},
		{"exactly case sensitive", Exactly, "POST", "post", false, "§4.4 case sensitive"},
		{"starts", StartsWith, "/admin/x", "/admin", true, "§4.4 STARTS_WITH"},
		{"starts not", StartsWith, "x/admin", "/admin", false, "§4.4 STARTS_WITH"},
		{"ends", EndsWith, "logo.jpg", ".jpg", true, "§4.4 ENDS_WITH"},
		{"ends case", EndsWith, "logo.JPG", ".jpg", false, "§4.4 case sensitive"},
		{"contains", Contains, "Mozilla BadBot/1.0", "BadBot", true, "§4.4 CONTAINS"},
		{"contains case", Contains, "badbot", "BadBot", false, "§4.4 case sensitive"},
		{"contains in word", Contains, "BadBotX", "BadBot", true, "§4.4 CONTAINS ignores word boundaries"},
		{"word alone", ContainsWord, "BadBot", "BadBot", true, "§4.4 CONTAINS_WORD start and end"},
		{"word ;BadBot", ContainsWord, ";BadBot", "BadBot", true, "§4.4 CONTAINS_WORD example ;BadBot"},
		{"word BadBot;", ContainsWord, "BadBot;", "BadBot", true, "§4.4 CONTAINS_WORD example BadBot;"},
		{"word -BadBot;", ContainsWord, "-BadBot;", "BadBot", true, "§4.4 CONTAINS_WORD example -BadBot;"},
		{"word BadBotX", ContainsWord, "BadBotX", "BadBot", false, "§4.4 CONTAINS_WORD: followed by a word char"},
		{"word XBadBot", ContainsWord, "XBadBot", "BadBot", false, "§4.4 CONTAINS_WORD: preceded by a word char"},
		{"word underscore is word char", ContainsWord, "_BadBot", "BadBot", false, "§4.4 [A-Za-z0-9_] are word chars"},
		{"word digit is word char", ContainsWord, "BadBot2", "BadBot", false, "§4.4 [A-Za-z0-9_] are word chars"},
		{"word second occurrence", ContainsWord, "BadBotX BadBot", "BadBot", true, "§4.4 any occurrence"},
		{"word overlapping occurrence", ContainsWord, "aaa a", "aa", false, "§4.4 delimited on both sides"},
		{"word non-ascii delimits", ContainsWord, "\xc3\xa9BadBot", "BadBot", true, "§4.4 non-word byte"},
		{"word case", ContainsWord, "badbot", "BadBot", false, "§4.4 case sensitive"},
		{"empty search contains", Contains, "abc", "", true, "[inferred] empty search"},
		{"empty search word", ContainsWord, "abc", "", false, "[inferred] empty search"},
		{"empty value exactly empty", Exactly, "", "", true, "[inferred] empty search"},
		{"invalid positional", Positional(0), "a", "a", false, "never match an invalid constraint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ByteMatch(tt.p, []byte(tt.value), []byte(tt.search))
			if got != tt.want {
				t.Errorf("ByteMatch(%v, %q, %q) = %v, want %v (%s)", tt.p, tt.value, tt.search, got, tt.want, tt.cite)
			}
			if slow := byteMatchSlow(tt.p, tt.value, tt.search); slow != got {
				t.Errorf("slow oracle = %v, fast = %v", slow, got)
			}
		})
	}
}

func TestValidWord(t *testing.T) {
	// §4.4: CONTAINS_WORD SearchString must be [A-Za-z0-9_]+.
	for s, want := range map[string]bool{
		"BadBot": true, "a_1": true, "_": true, "Z9": true,
		"": false, "Bad Bot": false, "Bad-Bot": false, "é": false, "a;": false,
	} {
		if got := ValidWord([]byte(s)); got != want {
			t.Errorf("ValidWord(%q) = %v, want %v", s, got, want)
		}
	}
}

// byteMatchSlow is the obviously-correct oracle: it tries every position.
func byteMatchSlow(p Positional, value, search string) bool {
	switch p {
	case Exactly:
		return value == search
	case StartsWith:
		return len(value) >= len(search) && value[:len(search)] == search
	case EndsWith:
		return len(value) >= len(search) && value[len(value)-len(search):] == search
	case Contains:
		for i := 0; i+len(search) <= len(value); i++ {
			if value[i:i+len(search)] == search {
				return true
			}
		}
		return false
	case ContainsWord:
		if search == "" {
			return false
		}
		word := func(c byte) bool {
			return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		}
		for i := 0; i+len(search) <= len(value); i++ {
			if value[i:i+len(search)] != search {
				continue
			}
			before := i == 0 || !word(value[i-1])
			after := i+len(search) == len(value) || !word(value[i+len(search)])
			if before && after {
				return true
			}
		}
		return false
	}
	return false
}

// FuzzByteMatch compares ByteMatch with the slow oracle for every
// positional constraint.
func FuzzByteMatch(f *testing.F) {
	f.Add("-BadBot;", "BadBot")
	f.Add("BadBotX BadBot", "BadBot")
	f.Add("aaa a", "aa")
	f.Add("", "")
	f.Add("\xffx_\x00", "x")
	f.Fuzz(func(t *testing.T, value, search string) {
		for p := Positional(0); p <= ContainsWord+1; p++ {
			got := ByteMatch(p, []byte(value), []byte(search))
			if want := byteMatchSlow(p, value, search); got != want {
				t.Fatalf("ByteMatch(%v, %q, %q) = %v, oracle %v", p, value, search, got, want)
			}
		}
	})
}

func BenchmarkByteMatchContainsWord(b *testing.B) {
	value := []byte(strings.Repeat("Mozilla/5.0 BadBotX ", 10) + "-BadBot;")
	search := []byte("BadBot")
	b.ReportAllocs()
	for b.Loop() {
		if !ByteMatch(ContainsWord, value, search) {
			b.Fatal("no match")
		}
	}
}
