package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	goredis "github.com/redis/go-redis/v9"

	"github.com/anditms/tms/internal/tracking"
)

// Broker fans tracking events out to every instance through Redis pub/sub. Pub/sub keeps
// nothing: a subscriber that is away misses events (load events are replayed from the store).
type Broker struct {
	c       *goredis.Client
	channel string
}

// NewBroker publishes and subscribes on channel.
func NewBroker(c *goredis.Client, channel string) *Broker { return &Broker{c: c, channel: channel} }

// Publish sends e to every subscriber on every instance.
func (b *Broker) Publish(ctx context.Context, e tracking.Event) error {
	msg, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("redis broker: %w", err)
	}
	if err := b.c.Publish(ctx, b.channel, msg).Err(); err != nil {
		return fmt.Errorf("redis broker: publish: %w", err)
	}
	return nil
}

// Subscribe delivers events until ctx ends. The subscription is confirmed before it returns,
// so an event published afterwards is seen.
func (b *Broker) Subscribe(ctx context.Context) <-chan tracking.Event {
	ps := b.c.Subscribe(ctx, b.channel)
	out := make(chan tracking.Event, 256)
	if _, err := ps.Receive(ctx); err != nil {
		slog.Warn("redis broker: subscribe", "err", err)
	}
	go func() {
		defer close(out)
		defer ps.Close()
		msgs := ps.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-msgs:
				if !ok {
					return
				}
				deliver(out, m.Payload)
			}
		}
	}()
	return out
}

// deliver decodes one message and hands it on unless the subscriber is full.
func deliver(out chan<- tracking.Event, payload string) {
	var e tracking.Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		slog.Warn("redis broker: undecodable event", "err", err)
		return
	}
	select {
	case out <- e:
	default:
	}
}
