package mail

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Worker sends the outbox. Every instance runs one: ClaimMail leases each due message to one
// worker, and a lease whose holder died runs out and the message is claimed again (sent with
// the same Message-ID). The worker that offered a message records the outcome: sent, retried
// with backoff, or failed when the server refused it for good or attempts ran out.
type Worker struct {
	Store  tms.MailStore
	Sender Sender
	From   string
	// Instance names this worker in leases and in the delivery log.
	Instance string
	// Lease is how long a claim holds; a send must finish inside it (default 2 minutes).
	Lease time.Duration
	// Batch is how many messages one pass claims (default 20).
	Batch int
	// Resolve reads the stored files an attachment names (documents, a load's PODs).
	Resolve func(ctx context.Context, a tms.MailAttachment) ([]File, error)
	// Now is the clock for backoff; nil means time.Now.
	Now func() time.Time
}

// Backoff is the wait before attempt n+1 after n failed ones: 1, 2, 4 … minutes, at most an hour.
func Backoff(n int) time.Duration {
	return min(time.Minute<<min(max(n-1, 0), 6), time.Hour)
}

// RunOnce claims due messages and offers each to the sender; it returns how many were sent.
func (w *Worker) RunOnce(ctx context.Context) (int64, error) {
	lease := cmp.Or(w.Lease, 2*time.Minute)
	claimed, err := w.Store.ClaimMail(ctx, w.Instance, cmp.Or(w.Batch, 20), lease)
	if err != nil {
		return 0, err
	}
	var sent int64
	for _, m := range claimed {
		if ctx.Err() != nil || m.LeaseUntil.Sub(w.now()) < lease/2 {
			return sent, nil // too little lease left for a send: it runs out and the message is claimed again
		}
		after, err := w.Store.FinishMail(ctx, m.ID, w.Instance, w.offer(ctx, m))
		if tms.ErrorCode(err) == tms.CodeConflict {
			slog.Warn("mail lease lost during the send", "mail_id", m.ID, "instance", w.Instance)
			continue
		}
		if err != nil {
			return sent, err
		}
		if after.Status == tms.MailSent {
			sent++
		} else if after.Status == tms.MailFailed {
			slog.Warn("mail failed", "mail_id", m.ID, "attempts", after.Attempts, "response", after.LastError)
		}
	}
	return sent, nil
}

// offer composes and sends one message and judges the outcome.
func (w *Worker) offer(ctx context.Context, m tms.Mail) tms.MailOutcome {
	retry := w.now().Add(Backoff(m.Attempts + 1))
	files, err := w.files(ctx, m)
	if err != nil {
		return tms.MailOutcome{Response: "attachments: " + err.Error(), RetryAt: retry}
	}
	msg, err := Compose(m, w.From, files)
	if err != nil {
		return tms.MailOutcome{Response: err.Error(), RetryAt: retry}
	}
	resp, err := w.Sender.Send(ctx, msg)
	switch {
	case err == nil:
		return tms.MailOutcome{Sent: true, Response: resp}
	case Permanent(err):
		return tms.MailOutcome{Response: err.Error()} // a bounce: retrying changes nothing
	}
	return tms.MailOutcome{Response: err.Error(), RetryAt: retry}
}

// files resolves the message's attachments: kept bytes as they are, stored files by Resolve.
func (w *Worker) files(ctx context.Context, m tms.Mail) ([]File, error) {
	var out []File
	for _, a := range m.Attachments {
		if len(a.Data) > 0 {
			out = append(out, File{Name: a.Name, ContentType: a.ContentType, Data: a.Data})
			continue
		}
		if w.Resolve == nil {
			return nil, fmt.Errorf("no resolver for stored attachments")
		}
		found, err := w.Resolve(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}
