package detect

import (
	"strings"
	"testing"
)

func TestParseSensitivity(t *testing.T) {
	// §4.3: SensitivityLevel LOW (default) | HIGH.
	for in, want := range map[string]Sensitivity{"": Low, "LOW": Low, "HIGH": High} {
		got, err := ParseSensitivity(in)
		if err != nil || got != want {
			t.Errorf("ParseSensitivity(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"low", "MEDIUM", " HIGH"} {
		if _, err := ParseSensitivity(bad); err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("ParseSensitivity(%q) err = %v, want an error naming the value", bad, err)
		}
	}
	if Low.String() != "LOW" || High.String() != "HIGH" || Sensitivity(7).String() != "Sensitivity(7)" {
		t.Error("Sensitivity.String")
	}
}

// sqliCorpus is the SQLi table: classic payloads, weak-evidence inputs and
// benign strings, with the expected verdict at each level.
var sqliCorpus = []struct {
	in        string
	low, high bool
	why       string
}{
	{"' OR 1=1--", true, true, "§4.3 classic tautology with comment"},
	{"1 UNION SELECT password FROM users", true, true, "§4.3 union-based"},
	{"admin'--", true, true, "§4.3 quote break + comment (auth bypass)"},
	{"1' or '1'='1", true, true, "§4.3 string tautology"},
	{"1;DROP TABLE users", true, true, "§4.3 stacked query"},
	{"1' and sleep(5)#", true, true, "§4.3 time-based, function"},
	{"x' AND 1=0 UNION ALL SELECT 1,2--", true, true, "§4.3 union"},
	{"'; exec xp_cmdshell 'dir'--", true, true, "§4.3 T-SQL"},
	{"1 or 1=1", true, true, "§4.3 numeric tautology"},
	{"1-- ", false, true, "[inferred] weak: number then comment, HIGH only"},
	{"page=1/*comment*/", false, true, "[inferred] weak: bareword then comment, HIGH only"},
	{"1)--", false, true, "[inferred] weak: number, paren, comment, HIGH only"},
	{"O'Brien", false, false, "benign name with quote"},
	{"select a product", false, false, "benign English with SQL keyword"},
	{"hello world", false, false, "benign"},
	{"don't stop -- ever", false, false, "benign with dash dash"},
	{"user@example.com", false, false, "benign"},
	{"Tom & Jerry", false, false, "benign"},
	{"", false, false, "empty"},
}

func TestSQLi(t *testing.T) {
	for _, c := range sqliCorpus {
		t.Run(c.in, func(t *testing.T) {
			if got := SQLi([]byte(c.in), High); got != c.high {
				t.Errorf("SQLi(%q, HIGH) = %v, want %v (%s)", c.in, got, c.high, c.why)
			}
			if got := SQLi([]byte(c.in), Low); got != c.low {
				t.Errorf("SQLi(%q, LOW) = %v, want %v (%s)", c.in, got, c.low, c.why)
			}
		})
	}
}

// TestSQLiLowSubsetOfHigh checks, over the corpus and simple mutations of
// it, AWS's ordering of the levels: LOW never flags what HIGH does not
// (HIGH "detects more attacks, but might generate more false positives").
func TestSQLiLowSubsetOfHigh(t *testing.T) {
	var inputs []string
	for _, c := range sqliCorpus {
		inputs = append(inputs, c.in, "'"+c.in, c.in+"--", "1 "+c.in, strings.ToUpper(c.in), "\""+c.in+"#")
	}
	for _, in := range inputs {
		if SQLi([]byte(in), Low) && !SQLi([]byte(in), High) {
			t.Errorf("SQLi(%q): LOW flags but HIGH does not", in)
		}
	}
}

func TestWeakFingerprint(t *testing.T) {
	for fp, want := range map[string]bool{
		"1c": true, "nc": true, "1)c": true, "(1)c": true, "vc": true,
		"sc": false, "s&1c": false, "1UEnk": false, "c": false, "1": false, "": false, "1&1": false, "1oc": false,
	} {
		if got := weakFingerprint(fp); got != want {
			t.Errorf("weakFingerprint(%q) = %v, want %v", fp, got, want)
		}
	}
}

func TestXSS(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		why  string
	}{
		{"<script>alert(1)</script>", true, "§4.3 script tag"},
		{"<img src=x onerror=alert(1)>", true, "§4.3 event handler attribute"},
		{"\"><svg onload=alert(1)>", true, "§4.3 attribute break-out"},
		{"<a href=\"javascript:alert(1)\">x</a>", true, "§4.3 javascript: URL"},
		{"<iframe src=//evil>", true, "§4.3 iframe"},
		{"hello world", false, "benign"},
		{"a < b and c > d", false, "benign comparison"},
		{"<b>bold</b>", false, "benign markup"},
		{"O'Brien", false, "benign"},
		{"", false, "empty"},
	}
	for _, tt := range tests {
		if got := XSS([]byte(tt.in)); got != tt.want {
			t.Errorf("XSS(%q) = %v, want %v (%s)", tt.in, got, tt.want, tt.why)
		}
	}
}

// FuzzDetect: no panic on any input, LOW implies HIGH, and the detectors
// do not modify their input.
func FuzzDetect(f *testing.F) {
	for _, c := range sqliCorpus {
		f.Add([]byte(c.in))
	}
	f.Add([]byte("<img src=x onerror=alert(1)>"))
	f.Add([]byte("\x00'\xff--"))
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := string(in)
		low, high := SQLi(in, Low), SQLi(in, High)
		if low && !high {
			t.Fatalf("SQLi(%q): LOW flags but HIGH does not", in)
		}
		_ = XSS(in)
		if string(in) != orig {
			t.Fatalf("input modified")
		}
	})
}

func BenchmarkSQLi(b *testing.B) {
	in := []byte("id=1234&name=Widget%20Pro&ref=' OR 1=1--")
	b.ReportAllocs()
	for b.Loop() {
		SQLi(in, Low)
	}
}

func BenchmarkXSS(b *testing.B) {
	in := []byte("comment=Nice product, would buy again <b>really</b>")
	b.ReportAllocs()
	for b.Loop() {
		XSS(in)
	}
}
