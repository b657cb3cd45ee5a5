package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func testIdempotency(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := context.Background()
	_, ok, err := s.ReserveIdempotencyKey(ctx, "u1 POST /loads", "k1", "hash")
	if err != nil || !ok {
		t.Fatalf("first reserve = %v, %v; want owned", ok, err)
	}
	prev, ok, err := s.ReserveIdempotencyKey(ctx, "u1 POST /loads", "k1", "hash")
	if err != nil || ok || prev.Done {
		t.Fatalf("reserve while pending = %+v, %v, %v; want not owned, not done", prev, ok, err)
	}
	if _, ok, _ := s.ReserveIdempotencyKey(ctx, "u2 POST /loads", "k1", "hash"); !ok {
		t.Errorf("the same key in another scope must be free")
	}
	resp := tms.StoredResponse{Status: 201, ContentType: "application/json", Body: []byte(`{"id":1}`)}
	if err := s.CompleteIdempotencyKey(ctx, "u1 POST /loads", "k1", resp); err != nil {
		t.Fatal(err)
	}
	prev, ok, err = s.ReserveIdempotencyKey(ctx, "u1 POST /loads", "k1", "hash")
	if err != nil || ok || !prev.Done || prev.Status != 201 || string(prev.Body) != `{"id":1}` || prev.RequestHash != "hash" {
		t.Fatalf("replay = %+v, %v, %v; want the stored 201", prev, ok, err)
	}
	if err := s.ReleaseIdempotencyKey(ctx, "u2 POST /loads", "k1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ReserveIdempotencyKey(ctx, "u2 POST /loads", "k1", "hash"); !ok {
		t.Errorf("a released key must be free again")
	}
	n, err := s.PurgeIdempotencyKeys(ctx, time.Now().Add(time.Hour))
	if err != nil || n != 2 {
		t.Errorf("purge = %d, %v; want 2", n, err)
	}
}
