package app

import (
	"context"

	"github.com/anditms/tms/internal/webhooks"
)

// newWebhooks builds the subscription service and the delivery worker, both behind the SSRF
// guard the configuration sets (private addresses allowed in embedded mode by default).
func (a *App) newWebhooks() (*webhooks.Service, *webhooks.Worker) {
	guard := webhooks.Guard{AllowPrivate: a.Config.Webhooks.AllowPrivateURLs}
	svc := &webhooks.Service{Store: a.Store, Guard: guard, PositionEvery: a.Config.Webhooks.PositionEvery}
	return svc, &webhooks.Worker{Store: a.Store, Client: webhooks.NewClient(guard), Instance: instanceName()}
}

// webhookJobs post the delivery outbox and queue the throttled position events; every
// instance runs both (deliveries are claimed with leases, a truck's position event is won by
// one instance).
func (a *App) webhookJobs() []job {
	return []job{
		{"webhook_deliveries", a.Config.Webhooks.Every, func(ctx context.Context) (int64, error) { return a.WebhookWorker.RunOnce(ctx) }},
		{"webhook_positions", a.Config.Webhooks.PositionEvery / 5, func(ctx context.Context) (int64, error) { return a.Webhooks.QueuePositions(ctx) }},
	}
}
