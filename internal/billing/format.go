package billing

import "fmt"

// Charge kinds billing creates or reads (values of tms.ChargeKinds).
const (
	kindLinehaul      = "linehaul"
	kindFuelSurcharge = "fuel_surcharge"
	kindDetention     = "detention"
	kindLayover       = "layover"
	kindLumper        = "lumper"
	kindStopOff       = "stop_off"
)

// millsText formats a non-negative amount in mills as dollars to the mill: 3876 -> "$3.876".
func millsText(m int64) string {
	return fmt.Sprintf("$%s.%03d", thousands(m/1000), m%1000)
}

// tenthsText formats non-negative tenths of a mile: 12345 -> "1,234.5".
func tenthsText(t int64) string {
	return fmt.Sprintf("%s.%d", thousands(t/10), t%10)
}

// percentText formats basis points: 2500 -> "25.00%".
func percentText(bp int64) string {
	return fmt.Sprintf("%d.%02d%%", bp/100, bp%100)
}

// minutesText formats non-negative minutes as hours and minutes: 135 -> "2h15m", 120 -> "2h".
func minutesText(m int64) string {
	switch h, rest := m/60, m%60; {
	case h == 0:
		return fmt.Sprintf("%dm", rest)
	case rest == 0:
		return fmt.Sprintf("%dh", h)
	default:
		return fmt.Sprintf("%dh%02dm", h, rest)
	}
}

// thousands formats a non-negative integer with comma separators: 42000 -> "42,000".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
