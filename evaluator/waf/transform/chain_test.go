package transform

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseKindRoundTrip(t *testing.T) {
	// §4.7 lists 31 TextTransformationType values; every one must parse and
	// print back to the same AWS name.
	if numKinds != 31 {
		t.Fatalf("numKinds = %d, want the 31 values of §4.7", numKinds)
	}
	for k := range numKinds {
		name := Kind(k).String()
		got, err := ParseKind(name)
		if err != nil || got != Kind(k) {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", name, got, err, Kind(k))
		}
	}
}

func TestParseKindErrors(t *testing.T) {
	for _, name := range []string{"", "url_decode", "URL_DECODE ", "FOO", "COMPRESS_WHITESPACE"} {
		_, err := ParseKind(name)
		if err == nil {
			t.Errorf("ParseKind(%q) succeeded; unknown names must be errors (never guess)", name)
			continue
		}
		if !strings.Contains(err.Error(), `"`+name+`"`) {
			t.Errorf("ParseKind(%q) error %q does not name the value", name, err)
		}
	}
	if s := Kind(200).String(); s != "Kind(200)" {
		t.Errorf("invalid Kind String = %q", s)
	}
}

func TestNewChain(t *testing.T) {
	tests := []struct {
		name    string
		prios   []int32
		kinds   []Kind
		want    Chain
		wantErr string
	}{
		{"sorted by priority (§4.7 ascending Priority)", []int32{5, 0, 2}, []Kind{Lowercase, URLDecode, HTMLEntityDecode},
			Chain{URLDecode, HTMLEntityDecode, Lowercase}, ""},
		{"non-consecutive ok (§4.7)", []int32{100, 7}, []Kind{Lowercase, Trim}, Chain{Trim, Lowercase}, ""},
		{"empty", nil, nil, Chain{}, ""},
		{"duplicate priority (§4.7 must all be different)", []int32{1, 2, 1}, []Kind{None, Lowercase, Trim}, nil,
			"TextTransformations[2].Priority: duplicate value 1 (also TextTransformations[0])"},
		{"negative priority (API minimum 0)", []int32{-1}, []Kind{None}, nil, "TextTransformations[0].Priority: -1 is negative"},
		{"invalid kind", []int32{0}, []Kind{Kind(99)}, nil, "TextTransformations[0].Type: invalid value Kind(99)"},
		{"length mismatch", []int32{0, 1}, []Kind{None}, nil, "2 priorities for 1 types"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewChain(tt.prios, tt.kinds)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want.String() {
				t.Errorf("chain = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChainApplyOrder(t *testing.T) {
	// §4.7: applied in ascending Priority. URL_DECODE then HTML_ENTITY_DECODE
	// turns %26lt%3B into <; the reverse order leaves &lt;.
	in := []byte("%26lt%3Bscript%3E")
	fwd, _ := NewChain([]int32{0, 1}, []Kind{URLDecode, HTMLEntityDecode})
	rev, _ := NewChain([]int32{1, 0}, []Kind{URLDecode, HTMLEntityDecode})
	var buf Buffer
	if got := fwd.Apply(&buf, in); string(got) != "<script>" {
		t.Errorf("URL_DECODE,HTML_ENTITY_DECODE = %q", got)
	}
	if got := rev.Apply(&buf, in); string(got) != "&lt;script>" {
		t.Errorf("HTML_ENTITY_DECODE,URL_DECODE = %q", got)
	}
	if string(in) != "%26lt%3Bscript%3E" {
		t.Errorf("input modified: %q", in)
	}
	if got := Chain(nil).Apply(&buf, in); &got[0] != &in[0] {
		t.Error("empty chain should return src itself")
	}
	if got := (Chain{None, None}).Apply(nil, in); !bytes.Equal(got, in) {
		t.Errorf("NONE chain = %q", got)
	}
}

func TestChainKey(t *testing.T) {
	a := Chain{URLDecode, None, Lowercase}
	b := Chain{URLDecode, Lowercase}
	c := Chain{Lowercase, URLDecode}
	if a.Key() != b.Key() {
		t.Errorf("NONE must not change the key: %q vs %q", a.Key(), b.Key())
	}
	if b.Key() == c.Key() {
		t.Errorf("order must change the key: %q", b.Key())
	}
	if k := (Chain{None}).Key(); k != "" {
		t.Errorf("identity key = %q", k)
	}
	if b.Key() != "URL_DECODE,LOWERCASE" {
		t.Errorf("key = %q", b.Key())
	}
}

// TestChainApplyDoesNotAllocate enforces the steady-state zero-allocation
// contract of Chain.Apply with a reused Buffer.
func TestChainApplyDoesNotAllocate(t *testing.T) {
	c := Chain{URLDecode, HTMLEntityDecode, Lowercase, MD5, SHA256, UTF8ToUnicode, NormalizePathWin}
	in := []byte(strings.Repeat("/A%2f..\\b&lt;\xc3\xa9 ", 20))
	var buf Buffer
	c.Apply(&buf, in)
	if n := testing.AllocsPerRun(100, func() { c.Apply(&buf, in) }); n != 0 {
		t.Errorf("Chain.Apply allocates %v times per run in steady state, want 0", n)
	}
}

// TestEveryKindIsTotal is the totality property: every Kind accepts any
// input without panicking, never modifies it, and is deterministic.
func TestEveryKindIsTotal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("%&#;\\/.*-+=xXuU{}0123456789abcdefABCDEF \t\n\x00\xa0\xc3\xff'\"^,<>")
	inputs := [][]byte{nil, {}, []byte("%"), []byte("&#"), []byte("\\"), []byte("0x"), []byte("/*"), []byte("\\u{")}
	for range 2000 {
		n := r.IntN(40)
		b := make([]byte, n)
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		inputs = append(inputs, b)
	}
	for k := range numKinds + 1 { // includes one invalid Kind
		for _, in := range inputs {
			orig := bytes.Clone(in)
			a := Apply(Kind(k), nil, in)
			b := Apply(Kind(k), make([]byte, 3, 64), in)
			if !bytes.Equal(a, b) {
				t.Fatalf("%s(%q) not deterministic: %q vs %q", Kind(k), in, a, b)
			}
			if !bytes.Equal(in, orig) {
				t.Fatalf("%s modified input %q", Kind(k), orig)
			}
		}
	}
}

// BenchmarkChain is the brief's benchmark: URL_DECODE, HTML_ENTITY_DECODE,
// LOWERCASE over a 200-byte string with a reused Buffer.
func BenchmarkChain(b *testing.B) {
	in := []byte(strings.Repeat("Id=%3Cb%3E&lt;X&gt;", 11))[:200]
	c, err := NewChain([]int32{0, 1, 2}, []Kind{URLDecode, HTMLEntityDecode, Lowercase})
	if err != nil {
		b.Fatal(err)
	}
	var buf Buffer
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		c.Apply(&buf, in)
	}
}

// BenchmarkChainPlain is the same chain over 200 bytes of ordinary text
// with no escapes, the common case.
func BenchmarkChainPlain(b *testing.B) {
	in := []byte(strings.Repeat("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0 ", 4))[:200]
	c := Chain{URLDecode, HTMLEntityDecode, Lowercase}
	var buf Buffer
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		c.Apply(&buf, in)
	}
}

// BenchmarkKind measures each transformation alone on the same input.
func BenchmarkKind(b *testing.B) {
	in := []byte(strings.Repeat("Id=%3Cb%3E&lt;X&gt;\\u0041/../", 7))[:200]
	for k := range numKinds {
		b.Run(Kind(k).String(), func(b *testing.B) {
			var dst []byte
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				dst = Apply(Kind(k), dst, in)
			}
		})
	}
}
