package transform_test

import (
	"fmt"

	"github.com/netverdict/netverdict/evaluator/waf/transform"
)

// A statement's TextTransformations are compiled once into a Chain and
// applied per request with a reused Buffer.
func Example() {
	// TextTransformations: [{Priority: 2, Type: LOWERCASE}, {Priority: 1, Type: URL_DECODE}]
	var kinds []transform.Kind
	for _, name := range []string{"LOWERCASE", "URL_DECODE"} {
		k, err := transform.ParseKind(name)
		if err != nil {
			panic(err)
		}
		kinds = append(kinds, k)
	}
	chain, err := transform.NewChain([]int32{2, 1}, kinds)
	if err != nil {
		panic(err)
	}
	var buf transform.Buffer
	fmt.Println(chain.Key())
	fmt.Printf("%s\n", chain.Apply(&buf, []byte("%3CSCRIPT%3E")))
	// Output:
	// URL_DECODE,LOWERCASE
	// <script>
}
