package tms

import "fmt"

// Cents is an amount of US money in integer cents. Money never touches float64.
type Cents int64

// String formats cents as dollars: 123456 -> "$1,234.56", -5 -> "-$0.05".
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	dollars, cents := int64(c)/100, int64(c)%100
	return fmt.Sprintf("%s$%s.%02d", sign, groupThousands(dollars), cents)
}

func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// MulDivRound returns a*b/d rounded half up (away from zero for negatives), in integers only.
// It is how a rate times a quantity becomes cents: MulDivRound(miles10, millsPerMile, 100).
func MulDivRound(a, b, d int64) int64 {
	p := a * b
	if (p < 0) != (d < 0) {
		return -((-p + abs(d)/2) / abs(d))
	}
	return (abs(p) + abs(d)/2) / abs(d)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
