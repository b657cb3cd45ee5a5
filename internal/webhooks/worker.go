package webhooks

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Schedule is the wait after each failed attempt, the Standard Webhooks schedule: 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h, 10 h. After the last one (about 28 hours in all) the delivery fails.
var Schedule = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// Worker posts the delivery outbox. Every instance runs one: ClaimWebhookDeliveries leases
// each due delivery to one worker, and a lease whose holder died runs out and the delivery is
// claimed again (posted with the same webhook-id, which receivers dedupe on).
type Worker struct {
	Store tms.WebhookStore
	// Client posts the requests; NewClient builds one whose dialer applies the SSRF guard.
	Client *http.Client
	// Instance names this worker in leases and in the attempt log.
	Instance string
	// Lease is how long a claim holds; a POST must finish inside it (default 1 minute).
	Lease time.Duration
	// Batch is how many deliveries one pass claims (default 20).
	Batch int
	// Schedule is the retry schedule (default Schedule); tests shorten it.
	Schedule []time.Duration
	// Now is the clock for the retry times; nil means time.Now.
	Now func() time.Time
}

// Timeout bounds one POST, connection included.
const Timeout = 10 * time.Second

// NewClient is an HTTP client that refuses what guard refuses at dial time, follows no
// redirects (a 3xx is a failed attempt) and gives up after Timeout.
func NewClient(guard Guard) *http.Client {
	dialer := &net.Dialer{Timeout: Timeout, Control: guard.Control}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: Timeout, ResponseHeaderTimeout: Timeout, MaxIdleConnsPerHost: 2}
	return &http.Client{Transport: transport, Timeout: Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// RunOnce claims due deliveries and posts each; it returns how many were delivered.
func (w *Worker) RunOnce(ctx context.Context) (int64, error) {
	lease := cmp.Or(w.Lease, time.Minute)
	claimed, err := w.Store.ClaimWebhookDeliveries(ctx, w.Instance, cmp.Or(w.Batch, 20), lease)
	if err != nil {
		return 0, err
	}
	var delivered int64
	for _, s := range claimed {
		if ctx.Err() != nil || s.Delivery.LeaseUntil.Sub(w.now()) < Timeout {
			return delivered, nil // too little lease left for a POST: it runs out and the delivery is claimed again
		}
		after, err := w.Store.FinishWebhookDelivery(ctx, s.Delivery.ID, w.Instance, w.post(ctx, s))
		if code := tms.ErrorCode(err); code == tms.CodeConflict || code == tms.CodeNotFound { // the lease ran out, or the subscription was deleted
			slog.Warn("webhook lease lost during the POST", "delivery_id", s.Delivery.ID, "instance", w.Instance)
			continue
		}
		if err != nil {
			return delivered, err
		}
		switch after.Status {
		case tms.DeliveryDelivered:
			delivered++
		case tms.DeliveryFailed:
			slog.Warn("webhook delivery failed", "delivery_id", s.Delivery.ID, "attempts", after.Attempts, "status", after.LastStatusCode, "err", after.LastError)
		}
	}
	return delivered, nil
}

// post signs and sends one delivery and judges the answer: 2xx is delivered.
func (w *Worker) post(ctx context.Context, s tms.WebhookSend) tms.WebhookOutcome {
	start := w.now()
	a, err := w.request(ctx, s, start)
	a.DurationMS = w.now().Sub(start).Milliseconds()
	if err != nil {
		a.Error = err.Error()
	}
	if a.StatusCode >= 200 && a.StatusCode < 300 {
		return tms.WebhookOutcome{Attempt: a, Delivered: true}
	}
	return tms.WebhookOutcome{Attempt: a, RetryAt: w.retryAt(s.Delivery.Attempts + 1)}
}

// request POSTs the event's payload with the Standard Webhooks headers.
func (w *Worker) request(ctx context.Context, s tms.WebhookSend, at time.Time) (tms.WebhookAttempt, error) {
	var a tms.WebhookAttempt
	body := []byte(s.Event.Payload)
	sig, err := Sign(s.Secret, s.Event.MessageID, at, body)
	if err != nil {
		return a, err
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return a, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "AndiTMS-Webhooks/1")
	req.Header.Set(HeaderID, s.Event.MessageID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	resp, err := w.Client.Do(req)
	if err != nil {
		return a, err
	}
	defer resp.Body.Close()
	head, err := io.ReadAll(io.LimitReader(resp.Body, 1024))
	a.StatusCode, a.Response = resp.StatusCode, string(head)
	return a, err
}

// retryAt is when attempt n+1 is due after n failed ones, with up to 20 % jitter so many
// deliveries failing together do not return together; zero when the schedule is over.
func (w *Worker) retryAt(n int) time.Time {
	schedule := w.Schedule
	if schedule == nil {
		schedule = Schedule
	}
	if n > len(schedule) {
		return time.Time{}
	}
	wait := schedule[n-1]
	jitter := time.Duration(rand.Int64N(int64(wait)/5 + 1))
	return w.now().Add(wait + jitter)
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}
