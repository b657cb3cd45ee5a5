package storetest

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func testTokens(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ctx := ctxAs(0)
	u := mustCreateUser(t, s, "api@example.com", tms.RoleDispatcher)
	tok := tms.APIToken{UserID: u.ID, Name: "EDI partner", Prefix: "tms_abcd", Hash: "h1"}
	if err := s.CreateToken(ctx, &tok); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateToken(ctx, &tms.APIToken{UserID: u.ID, Prefix: "p", Hash: "h2"}), tms.CodeInvalid)

	owner, got, err := s.UserByTokenHash(ctx, "h1")
	if err != nil {
		t.Fatal(err)
	}
	if owner.ID != u.ID || got.ID != tok.ID || got.LastUsedAt == nil {
		t.Errorf("UserByTokenHash = %+v %+v, want owner %d, token %d, last used set", owner, got, u.ID, tok.ID)
	}
	testTokenTouchedOncePerInterval(t, s, *got.LastUsedAt)
	_, _, err = s.UserByTokenHash(ctx, "nope")
	wantCode(t, err, tms.CodeNotFound)

	list, err := s.ListTokens(ctx, u.ID)
	if err != nil || len(list) != 1 || list[0].Hash != "" {
		t.Fatalf("ListTokens = %+v, %v; want one token without its hash", list, err)
	}
	wantCode(t, s.RevokeToken(ctx, tok.ID, u.ID+1), tms.CodeNotFound)
	if err := s.RevokeToken(ctx, tok.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.RevokeToken(ctx, tok.ID, 0), tms.CodeNotFound)
	_, _, err = s.UserByTokenHash(ctx, "h1")
	wantCode(t, err, tms.CodeNotFound)

	disabled := mustCreateUser(t, s, "gone@example.com", tms.RoleViewer)
	if err := s.CreateToken(ctx, &tms.APIToken{UserID: disabled.ID, Name: "x", Prefix: "p", Hash: "h3"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUser(ctx, disabled.ID, func(u *tms.User) error { u.Active = false; return nil }); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.UserByTokenHash(ctx, "h3")
	wantCode(t, err, tms.CodeUnauthorized)
}

// testTokenTouchedOncePerInterval: a token's use is written at most once a minute, so
// requests with a token do not each write (token "h1", last used at first).
func testTokenTouchedOncePerInterval(t *testing.T, s tms.Store, first time.Time) {
	clock, ok := s.(interface{ SetClock(func() time.Time) })
	if !ok {
		t.Fatalf("%T has no SetClock", s)
	}
	for _, tc := range []struct {
		after time.Duration
		want  time.Time
	}{
		{30 * time.Second, first},
		{61 * time.Second, first.Add(61 * time.Second)},
	} {
		clock.SetClock(func() time.Time { return first.Add(tc.after) })
		_, got, err := s.UserByTokenHash(ctxAs(0), "h1")
		if err != nil || got.LastUsedAt == nil || !got.LastUsedAt.Equal(tc.want) {
			t.Errorf("use %v after the first: last used %v (%v), want %v", tc.after, got.LastUsedAt, err, tc.want)
		}
	}
	clock.SetClock(time.Now)
}
