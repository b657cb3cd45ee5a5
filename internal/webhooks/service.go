package webhooks

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Store is what the webhooks service uses: subscriptions, the outbox and the newest fixes.
type Store interface {
	tms.WebhookStore
	LatestPositions(ctx context.Context) ([]tms.Position, error)
}

// Service manages subscriptions and queues the position events. Callers: the API, the UI
// and the background jobs.
type Service struct {
	Store Store
	Guard Guard
	// PositionEvery is the least time between two position events of one truck (default 5 minutes).
	PositionEvery time.Duration
}

// DefaultPositionEvery is the position throttle when none is configured.
const DefaultPositionEvery = 5 * time.Minute

// Input is what an admin sets on a subscription; a nil Enabled leaves it as it is (on for a new one).
type Input struct {
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Events      []string `json:"events"`
	Enabled     *bool    `json:"enabled,omitempty"`
	// Version is the subscription's version the admin saw; an update of another is refused (0: any).
	Version int `json:"version,omitempty"`
}

// Create stores a subscription with a new secret, which the returned record shows once.
func (s *Service) Create(ctx context.Context, in Input) (tms.WebhookSubscription, error) {
	sub := tms.WebhookSubscription{Enabled: true, Secret: NewSecret()}
	if err := s.check(ctx, in); err != nil {
		return sub, err
	}
	apply(&sub, in)
	err := s.Store.CreateWebhook(ctx, &sub)
	return sub, err
}

// Update changes a subscription's address, events, description or state; enabling it again
// clears the failure count and the reason it was disabled. The secret is not shown.
func (s *Service) Update(ctx context.Context, id int64, in Input) (tms.WebhookSubscription, error) {
	if err := s.check(ctx, in); err != nil {
		return tms.WebhookSubscription{}, err
	}
	sub, err := s.Store.UpdateWebhook(ctx, id, func(sub *tms.WebhookSubscription) error {
		if err := tms.CheckVersion(in.Version, sub.Version); err != nil {
			return err
		}
		apply(sub, in)
		return nil
	})
	sub.Secret = ""
	return sub, err
}

// RotateSecret gives a subscription a new secret, shown once in the returned record.
func (s *Service) RotateSecret(ctx context.Context, id int64) (tms.WebhookSubscription, error) {
	return s.Store.UpdateWebhook(ctx, id, func(sub *tms.WebhookSubscription) error {
		sub.Secret = NewSecret()
		return nil
	})
}

// check validates the input and runs the SSRF guard on its address, before any transaction
// (the guard may wait on DNS).
func (s *Service) check(ctx context.Context, in Input) error {
	probe := tms.WebhookSubscription{Secret: tms.WebhookSecretPrefix}
	apply(&probe, in)
	if err := probe.Validate(); err != nil {
		return err
	}
	return s.Guard.CheckURL(ctx, probe.URL)
}

// apply copies in onto sub.
func apply(sub *tms.WebhookSubscription, in Input) {
	sub.URL, sub.Description, sub.Events = in.URL, in.Description, in.Events
	if in.Enabled != nil && *in.Enabled && !sub.Enabled {
		sub.FailedInARow, sub.DisabledReason = 0, ""
	}
	if in.Enabled != nil {
		sub.Enabled = *in.Enabled
	}
}

// QueuePositions queues a position event for each truck's newest fix, at most one per truck
// every PositionEvery; it returns how many it queued. It reads the latest-positions table
// on a schedule, so GPS ingest does no webhook work.
func (s *Service) QueuePositions(ctx context.Context) (int64, error) {
	latest, err := s.Store.LatestPositions(ctx)
	if err != nil {
		return 0, err
	}
	n, err := s.Store.QueuePositionEvents(ctx, newestPerTruck(latest), s.positionEvery())
	return int64(n), err
}

// newestPerTruck keeps each truck's newest fix (a truck may carry several devices).
func newestPerTruck(fixes []tms.Position) []tms.Position {
	newest := map[int64]int{}
	var out []tms.Position
	for _, p := range fixes {
		if p.TruckID == nil {
			continue
		}
		i, seen := newest[*p.TruckID]
		switch {
		case !seen:
			newest[*p.TruckID] = len(out)
			out = append(out, p)
		case p.FixTime.After(out[i].FixTime):
			out[i] = p
		}
	}
	return out
}

func (s *Service) positionEvery() time.Duration {
	if s.PositionEvery > 0 {
		return s.PositionEvery
	}
	return DefaultPositionEvery
}
