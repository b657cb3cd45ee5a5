package billing

import (
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// MatchRate picks, among a customer's rate defaults, the active one that fits the lane most
// specifically: origin and destination > origin or destination alone > any lane. Equally
// specific matches go to the lowest ID so the choice is stable.
func MatchRate(defaults []tms.RateDefault, originState, destState string) (tms.RateDefault, bool) {
	var best tms.RateDefault
	bestScore := -1
	for _, r := range defaults {
		score := laneScore(r, originState, destState)
		if score > bestScore || score >= 0 && score == bestScore && r.ID < best.ID {
			best, bestScore = r, score
		}
	}
	return best, bestScore >= 0
}

// laneScore counts the states r names for the lane (0 to 2), or -1 when r does not apply.
func laneScore(r tms.RateDefault, origin, dest string) int {
	if !r.Active || !stateFits(r.OriginState, origin) || !stateFits(r.DestState, dest) {
		return -1
	}
	score := 0
	for _, s := range []string{r.OriginState, r.DestState} {
		if s != "" {
			score++
		}
	}
	return score
}

func stateFits(want, got string) bool {
	return want == "" || strings.EqualFold(want, got)
}

// Linehaul is the linehaul line of a load rated by r.
func Linehaul(r tms.RateDefault, loadedMilesTenths int64, weightLb int) tms.Charge {
	c := tms.Charge{Kind: kindLinehaul}
	switch r.Method {
	case tms.LinehaulPerMile:
		c.AmountCents = tms.PerMileCents(loadedMilesTenths, r.Rate)
		c.Description = fmt.Sprintf("Linehaul %s mi x %s/mi", tenthsText(loadedMilesTenths), millsText(r.Rate))
	case tms.LinehaulPerCWT:
		c.AmountCents = tms.Cents(tms.MulDivRound(int64(weightLb), r.Rate, 100))
		c.Description = fmt.Sprintf("Linehaul %s lb x %s/cwt", thousands(int64(weightLb)), tms.Cents(r.Rate))
	default: // flat, the only other method Validate admits
		c.AmountCents = tms.Cents(r.Rate)
		c.Description = "Linehaul, flat rate"
	}
	return c
}

// StopOffs charges r's stop-off rate for every stop beyond the first pickup and the last
// delivery, which the linehaul covers. There is no line without extra stops or a rate.
func StopOffs(r tms.RateDefault, stops []tms.Stop) (tms.Charge, bool) {
	n := extraStops(stops)
	if n == 0 || r.StopOffCents == 0 {
		return tms.Charge{}, false
	}
	return tms.Charge{
		Kind:        kindStopOff,
		Description: fmt.Sprintf("Stop-offs: %d x %s", n, r.StopOffCents),
		AmountCents: tms.Cents(n) * r.StopOffCents,
	}, true
}

func extraStops(stops []tms.Stop) int64 {
	return max(0, int64(len(stops))-2)
}
