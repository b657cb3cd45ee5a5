package storetest

import (
	"context"
	"testing"
	"time"
)

func testSessions(t *testing.T, newStore NewStore) {
	ss := newStore(t).Sessions()
	ctx := context.Background()
	if err := ss.CommitCtx(ctx, "tok", []byte("data1"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := ss.CommitCtx(ctx, "tok", []byte("data2"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	data, found, err := ss.FindCtx(ctx, "tok")
	if err != nil || !found || string(data) != "data2" {
		t.Fatalf("FindCtx = %q, %v, %v; want data2", data, found, err)
	}
	if err := ss.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := ss.FindCtx(ctx, "old"); found {
		t.Errorf("an expired session was found")
	}
	if err := ss.DeleteExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ss.DeleteCtx(ctx, "tok"); err != nil {
		t.Fatal(err)
	}
	if _, found, err := ss.FindCtx(ctx, "tok"); found || err != nil {
		t.Errorf("deleted session: found=%v err=%v", found, err)
	}
}
