package simulate

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// Report is the outcome of a run: requests by outcome, the rate of acknowledged positions
// and the latency of every request.
type Report struct {
	Trucks   int
	Requests int64         // sent
	OK       int64         // answered 200: the position is committed
	Failed   int64         // any other answer, or no answer
	Statuses map[int]int64 // answers by HTTP status; 0 = no answer (a transport error)
	Elapsed  time.Duration
	Rate     float64 // OK per second of Elapsed
	P50      time.Duration
	P95      time.Duration
	P99      time.Duration
	Max      time.Duration
	// FirstError is the first transport error or refusal seen, to tell the operator why.
	FirstError string
}

// summarise fills the rate and percentiles from the latencies of every request.
func (r *Report) summarise(latencies []time.Duration) {
	if r.Elapsed > 0 {
		r.Rate = float64(r.OK) / r.Elapsed.Seconds()
	}
	if len(latencies) == 0 {
		return
	}
	slices.Sort(latencies)
	r.P50, r.P95, r.P99 = percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)
	r.Max = latencies[len(latencies)-1]
}

// percentile is the nearest-rank percentile p of sorted values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// Print writes the report for a person.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "simulated %d trucks for %s: %d requests, %d ok, %d failed\n",
		r.Trucks, r.Elapsed.Round(time.Millisecond), r.Requests, r.OK, r.Failed)
	fmt.Fprintf(w, "rate: %.0f positions/s acknowledged\n", r.Rate)
	fmt.Fprintf(w, "latency: p50 %s  p95 %s  p99 %s  max %s\n", ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max))
	if r.Failed > 0 {
		for _, code := range slices.Sorted(maps.Keys(r.Statuses)) {
			if code != 200 {
				fmt.Fprintf(w, "  status %s: %d\n", statusName(code), r.Statuses[code])
			}
		}
		fmt.Fprintf(w, "first error: %s\n", r.FirstError)
	}
}

func statusName(code int) string {
	if code == 0 {
		return "no answer"
	}
	return fmt.Sprint(code)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
