package registry

import (
	"fmt"
	"strings"
)

// didYouMean gives `; did you mean "x"?` for the candidate closest to got,
// or "" when none is close enough to be a typo. A difference only in case
// counts as closest of all, since warehouses differ in how they fold names.
func didYouMean(got string, candidates []string) string {
	if best := closest(got, candidates); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// closest is the candidate within a few edits of got (fewer for short
// names), or "".
func closest(got string, candidates []string) string {
	best, bestDist := "", max(1, len(got)/3)+1
	for _, c := range candidates {
		d := editDistance(got, c)
		if strings.EqualFold(got, c) {
			d = 0
		}
		if d < bestDist && c != got {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
