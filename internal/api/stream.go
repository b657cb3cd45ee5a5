package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/tracking"
	"github.com/anditms/tms/internal/web"
)

// Stream timing: a comment line keeps proxies from closing an idle stream; load events are
// read from the store (so every instance sees every event, and a reconnecting client gets
// what it missed); a driver's loads are looked up again now and then.
const (
	Heartbeat        = 15 * time.Second
	loadEventPoll    = time.Second
	visibilityReload = time.Minute
)

// Stream serves GET /api/v1/stream as Server-Sent Events: committed positions (event
// "position", from the broker, so from every instance) and load events (stop arrivals and
// departures, status changes) with `id:` the load event id. A client reconnecting with
// Last-Event-ID gets the load events it missed. Drivers see only their loads and trucks.
func (a *API) stream(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	last, err := lastEventID(ctx, a.Store, r.Header.Get("Last-Event-ID"))
	if err != nil {
		return err
	}
	see, err := visibilityOf(ctx, a.Store, tms.ActorFrom(ctx))
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	_ = rc.Flush() // the client knows at once that it is subscribed
	st := &stream{w: w, rc: rc, see: see, last: last}
	return st.run(ctx, a.Store, a.Tracking.Broker())
}

// lastEventID is where the replay starts: the client's Last-Event-ID, else the newest event.
func lastEventID(ctx context.Context, store tms.TrackingStore, header string) (int64, error) {
	if header == "" {
		return store.LatestLoadEventID(ctx)
	}
	id, err := strconv.ParseInt(header, 10, 64)
	if err != nil || id < 0 {
		return 0, tms.Errorf(tms.CodeInvalid, "Last-Event-ID must be an event id")
	}
	return id, nil
}

type stream struct {
	w    http.ResponseWriter
	rc   *http.ResponseController
	see  *visibility
	last int64
}

func (st *stream) run(ctx context.Context, store tms.Store, broker tracking.Broker) error {
	positions := broker.Subscribe(ctx)
	beat, poll, reload := time.NewTicker(Heartbeat), time.NewTicker(loadEventPoll), time.NewTicker(visibilityReload)
	defer beat.Stop()
	defer poll.Stop()
	defer reload.Stop()
	if err := st.replay(ctx, store); err != nil {
		return nil // the client went away or the store failed: the client reconnects
	}
	for {
		var err error
		select {
		case <-ctx.Done():
			return nil
		case <-web.Stopping(ctx): // the server stops: the client reconnects (to another instance) after 1 s
			_ = st.send("retry: 1000\n\n")
			return nil
		case e, ok := <-positions:
			if !ok {
				return nil
			}
			err = st.positions(e.Positions)
		case <-poll.C:
			err = st.replay(ctx, store)
		case <-beat.C:
			err = st.send(": heartbeat\n\n")
		case <-reload.C:
			st.see, err = visibilityOf(ctx, store, st.see.actor)
		}
		if err != nil {
			return nil
		}
	}
}

// replay sends the load events after the last one sent.
func (st *stream) replay(ctx context.Context, store tms.TrackingStore) error {
	for {
		events, err := store.LoadEventsSince(ctx, st.last, 500)
		if err != nil || len(events) == 0 {
			return err
		}
		for _, e := range events {
			st.last = e.ID
			if st.see.load(e.LoadID) {
				if err := st.event(strconv.FormatInt(e.ID, 10), string(e.Type), e); err != nil {
					return err
				}
			}
		}
	}
}

func (st *stream) positions(ps []tms.Position) error {
	for _, p := range ps {
		if st.see.truck(p.TruckID) {
			if err := st.event("", "position", p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (st *stream) event(id, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("event: %s\ndata: %s\n\n", name, b)
	if id != "" {
		msg = "id: " + id + "\n" + msg
	}
	return st.send(msg)
}

func (st *stream) send(msg string) error {
	if _, err := st.w.Write([]byte(msg)); err != nil {
		return err
	}
	return st.rc.Flush()
}

// visibility is what one stream may see: everything, or a driver's loads and their trucks.
type visibility struct {
	actor  tms.Actor
	all    bool
	loads  []int64
	trucks []int64
}

func visibilityOf(ctx context.Context, store tms.Store, a tms.Actor) (*visibility, error) {
	v := &visibility{actor: a, all: a.Role != tms.RoleDriver}
	if v.all || a.DriverID == 0 {
		return v, nil
	}
	page, err := store.ListLoads(ctx, tms.LoadFilter{DriverID: a.DriverID, Page: tms.PageRequest{Limit: tms.MaxPageSize, Sort: "-window_start"},
		Statuses: []tms.LoadStatus{tms.StatusBooked, tms.StatusDispatched, tms.StatusInTransit, tms.StatusDelivered, tms.StatusOnHold}})
	for _, l := range page.Items {
		v.loads = append(v.loads, l.ID)
		if l.TruckID != nil && l.Status.Active() {
			v.trucks = append(v.trucks, *l.TruckID)
		}
	}
	return v, err
}

func (v *visibility) load(id int64) bool { return v.all || slices.Contains(v.loads, id) }

func (v *visibility) truck(id *int64) bool {
	return v.all || (id != nil && slices.Contains(v.trucks, *id))
}
