package dispatch_test

import (
	"errors"
	"testing"
	"time"

	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// TestCheckCallTimes: a check call taken by phone keeps the time it was made; one dated in
// the future is refused and records nothing; without a time it is now.
func TestCheckCallTimes(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		l, err := e.svc.CreateLoad(ctx, e.input(e.f.MondayMorning))
		if err != nil {
			t.Fatal(err)
		}
		before, err := e.svc.Store.LoadEvents(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		tomorrow := time.Now().Add(24 * time.Hour)
		_, err = e.svc.AddCheckCall(ctx, l.ID, dispatch.CheckCall{Location: "Waco, TX", At: &tomorrow})
		var refused *tms.Error
		if !errors.As(err, &refused) || refused.Code != tms.CodeInvalid || refused.Fields["at"] == "" {
			t.Fatalf("a check call dated tomorrow: %v, want a field error on at", err)
		}
		if after, _ := e.svc.Store.LoadEvents(ctx, l.ID); len(after) != len(before) {
			t.Errorf("the refused check call left %d events, want %d", len(after), len(before))
		}

		earlier := time.Now().Add(-90 * time.Minute).Truncate(time.Second)
		_, err = e.svc.AddCheckCall(ctx, l.ID, dispatch.CheckCall{Location: "I-35 mile 330", Note: "rolling", At: &earlier})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddCheckCall(ctx, l.ID, dispatch.CheckCall{Location: "Hillsboro, TX"})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := e.svc.Store.LoadEvents(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		at := map[string]time.Time{} // by location
		for _, s := range stored {
			at[s.Location] = s.At
		}
		if !at["I-35 mile 330"].Equal(earlier) {
			t.Errorf("check call stored at %v, want the time it was made, %v", at["I-35 mile 330"], earlier)
		}
		if d := time.Since(at["Hillsboro, TX"]); d < 0 || d > time.Minute {
			t.Errorf("a check call without a time is stored at %v, want now", at["Hillsboro, TX"])
		}
	})
}
