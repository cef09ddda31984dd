package waf

// tri is a three-valued match: a statement the evaluator cannot decide
// (no geo database, fingerprint not given, group not supplied) is unknown,
// and And/Or/Not combine as Kleene logic.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// and is Kleene conjunction: no dominates, then unknown.
func (a tri) and(b tri) tri {
	if a == no || b == no {
		return no
	}
	if a == unknown || b == unknown {
		return unknown
	}
	return yes
}

// or is Kleene disjunction: yes dominates, then unknown.
func (a tri) or(b tri) tri {
	if a == yes || b == yes {
		return yes
	}
	if a == unknown || b == unknown {
		return unknown
	}
	return no
}

func (a tri) not() tri {
	switch a {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

func (a tri) String() string {
	return [...]string{"no", "yes", "unknown"}[a]
}
