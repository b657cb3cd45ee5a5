package app

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"time"

	"github.com/anditms/tms/internal/mail"
	"github.com/anditms/tms/internal/tms"
)

// Mail job settings: how often the outbox is offered to the server, and how often in-transit
// ETAs are checked for late notifications.
const (
	mailEvery    = 10 * time.Second
	etaLateEvery = 5 * time.Minute
)

// newMailWorker builds the outbox worker: SMTP when configured, else the folder under the
// data directory (embedded mode; the Outbox page shows the messages).
func (a *App) newMailWorker() (*mail.Worker, error) {
	var sender mail.Sender = mail.Folder{Dir: a.Config.MailDir()}
	if a.Config.SMTPURL != "" {
		s, err := mail.NewSMTP(a.Config.SMTPURL)
		if err != nil {
			return nil, err
		}
		sender = s
	} else if !a.Config.Embedded() {
		slog.Warn("no SMTP_URL: email is written to " + a.Config.MailDir() + " on this instance's disk only")
	}
	return &mail.Worker{Store: a.Store, Sender: sender, From: a.Config.MailFrom, Instance: instanceName(), Resolve: a.mailFiles}, nil
}

// mailFiles reads an attachment's documents as the billing role: the worker acts for whoever
// queued the message, who had that right when the invoice was sent.
func (a *App) mailFiles(ctx context.Context, att tms.MailAttachment) ([]mail.File, error) {
	return a.Billing.MailFiles(tms.WithActor(ctx, tms.Actor{Email: "mail worker", Role: tms.RoleBilling}), att)
}

// instanceName tells this process's leases and delivery-log entries from another's.
func instanceName() string {
	host, _ := os.Hostname()
	return host + "-" + rand.Text()[:8]
}

// mailJobs send the outbox and queue ETA-late notifications; every instance runs both (the
// outbox is claimed with leases, a notification is queued once per stop).
func (a *App) mailJobs() []job {
	return []job{
		{"mail_outbox", mailEvery, func(ctx context.Context) (int64, error) { return a.Mail.RunOnce(ctx) }},
		{"eta_late_notify", etaLateEvery, func(ctx context.Context) (int64, error) { return a.Tracking.NotifyLate(ctx) }},
	}
}
