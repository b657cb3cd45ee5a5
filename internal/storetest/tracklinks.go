package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func testTrackingLinks(t *testing.T, newStore NewStore) {
	s := newStore(t)
	admin := mustCreateUser(t, s, "links@example.com", tms.RoleDispatcher)
	ctx := ctxAs(admin.ID)
	f := NewFixtures(t, s)
	l := f.Load(f.MondayMorning)
	must(t, s.CreateLoad(ctx, &l))

	link := tms.TrackingLink{LoadID: l.ID, Hash: "hash-1"}
	must(t, s.CreateTrackingLink(ctx, &link))
	if link.ID == 0 || link.CreatedByID == nil || *link.CreatedByID != admin.ID || link.CreatedBy != "tester@example.com" {
		t.Fatalf("created %+v, want an id and the actor as creator", link)
	}
	wantCode(t, s.CreateTrackingLink(ctx, &tms.TrackingLink{LoadID: l.ID, Hash: "hash-1"}), tms.CodeConflict)
	wantCode(t, s.CreateTrackingLink(ctx, &tms.TrackingLink{LoadID: l.ID + 1000, Hash: "hash-2"}), tms.CodeInvalid)

	got, err := s.TrackingLinkByHash(ctx, "hash-1")
	if err != nil || got.ID != link.ID || got.LoadID != l.ID || got.RevokedAt != nil {
		t.Fatalf("TrackingLinkByHash = %+v, %v; want link %d of load %d", got, err, link.ID, l.ID)
	}
	_, err = s.TrackingLinkByHash(ctx, "nope")
	wantCode(t, err, tms.CodeNotFound)
	_, err = s.TrackingLink(ctx, link.ID+1000)
	wantCode(t, err, tms.CodeNotFound)

	testTrackingLinkTouch(t, s, link.ID)

	second := tms.TrackingLink{LoadID: l.ID, Hash: "hash-3"}
	must(t, s.CreateTrackingLink(ctx, &second))
	list, err := s.TrackingLinks(ctx, l.ID)
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != link.ID {
		t.Fatalf("TrackingLinks = %+v, %v; want the two links newest first", list, err)
	}

	revoked, err := s.RevokeTrackingLink(ctx, link.ID)
	if err != nil || revoked.RevokedAt == nil {
		t.Fatalf("RevokeTrackingLink = %+v, %v; want it revoked", revoked, err)
	}
	again, err := s.RevokeTrackingLink(ctx, link.ID)
	if err != nil || !again.RevokedAt.Equal(*revoked.RevokedAt) {
		t.Errorf("revoking again = %+v, %v; want the first revocation kept", again, err)
	}
	_, err = s.RevokeTrackingLink(ctx, link.ID+1000)
	wantCode(t, err, tms.CodeNotFound)
	if got, _ := s.TrackingLinkByHash(ctx, "hash-1"); got.RevokedAt == nil {
		t.Errorf("the revoked link reads %+v, want revoked_at set", got)
	}
	audit, err := s.ListAudit(ctx, tms.AuditFilter{Entity: "tracking_link", EntityID: strconv.FormatInt(link.ID, 10)})
	if err != nil || audit.Total != 2 || audit.Items[0].Action != "revoke" || audit.Items[1].Action != "create" {
		t.Errorf("audit of the link = %+v, %v; want revoke then create", audit.Items, err)
	}
}

// testTrackingLinkTouch: a view is recorded at most once per TrackingLinkViewInterval.
func testTrackingLinkTouch(t *testing.T, s tms.Store, id int64) {
	ctx := ctxAs(0)
	first := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{first, first.Add(30 * time.Second)} {
		must(t, s.TouchTrackingLink(ctx, id, at))
	}
	if got, _ := s.TrackingLink(ctx, id); got.LastViewedAt == nil || !got.LastViewedAt.Equal(first) {
		t.Fatalf("last viewed %v after two views 30 s apart, want the first (%v)", got.LastViewedAt, first)
	}
	later := first.Add(2 * time.Minute)
	must(t, s.TouchTrackingLink(ctx, id, later))
	if got, _ := s.TrackingLink(ctx, id); got.LastViewedAt == nil || !got.LastViewedAt.Equal(later) {
		t.Errorf("last viewed %v after a view two minutes later, want %v", got.LastViewedAt, later)
	}
}
