package tracking

import (
	"context"
	"sync"

	"github.com/anditms/tms/internal/tms"
)

// Event is one realtime update: committed positions, or a load event (stop arrival or
// departure, status change) read back from the store.
type Event struct {
	Type      string         `json:"type"` // EventPositions or the load event's type
	Positions []tms.Position `json:"positions,omitempty"`
	LoadEvent *tms.LoadEvent `json:"load_event,omitempty"`
}

// EventPositions carries the positions of one group commit.
const EventPositions = "positions"

// Broker fans events out to subscribers: in process (Memory) or across instances (Redis).
type Broker interface {
	Publish(ctx context.Context, e Event) error
	// Subscribe delivers events until ctx ends; a slow subscriber misses events rather than
	// holding up the publisher.
	Subscribe(ctx context.Context) <-chan Event
}

// Memory is the in-process broker of the embedded mode.
type Memory struct {
	mu   sync.Mutex
	subs map[chan Event]struct{}
}

// NewMemory returns an empty in-process broker.
func NewMemory() *Memory { return &Memory{subs: map[chan Event]struct{}{}} }

// Publish hands e to every subscriber that has room for it.
func (m *Memory) Publish(_ context.Context, e Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for ch := range m.subs {
		select {
		case ch <- e:
		default:
		}
	}
	return nil
}

// Subscribe returns a channel of events that closes when ctx ends.
func (m *Memory) Subscribe(ctx context.Context) <-chan Event {
	ch := make(chan Event, 256)
	m.mu.Lock()
	m.subs[ch] = struct{}{}
	m.mu.Unlock()
	go func() {
		<-ctx.Done()
		m.mu.Lock()
		delete(m.subs, ch)
		close(ch)
		m.mu.Unlock()
	}()
	return ch
}
