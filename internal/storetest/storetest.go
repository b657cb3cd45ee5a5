// Package storetest is the one conformance suite every tms.Store backend must pass.
// Run it from each backend's tests; add a case here whenever a store method is added.
package storetest

import (
	"context"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// NewStore opens a fresh, migrated, empty store for one subtest.
type NewStore func(t testing.TB) tms.Store

// Run exercises every store method against stores made by newStore.
func Run(t *testing.T, newStore NewStore) {
	suites := map[string]func(*testing.T, NewStore){
		"Users":         testUsers,
		"DriverLogin":   testDriverLogins,
		"Tokens":        testTokens,
		"Audit":         testAudit,
		"Idempotency":   testIdempotency,
		"Sessions":      testSessions,
		"MasterData":    testMasterData,
		"Loads":         testLoads,
		"Tracking":      testTracking,
		"Documents":     testDocuments,
		"Billing":       testBilling,
		"EDI":           testEDI,
		"Mail":          testMail,
		"TrackingLinks": testTrackingLinks,
		"Webhooks":      testWebhooks,
		"LoadSummary":   testLoadSummaries,
		"CustomerNamed": testCustomerNamed,
	}
	for name, suite := range suites {
		t.Run(name, func(t *testing.T) { suite(t, newStore) })
	}
}

// ctxAs is a context acting as a test admin, so audit rows have an author.
func ctxAs(userID int64) context.Context {
	return tms.WithActor(context.Background(), tms.Actor{UserID: userID, Email: "tester@example.com", Role: tms.RoleAdmin, RequestID: "req-1"})
}

func mustCreateUser(t testing.TB, s tms.Store, email string, role tms.Role) tms.User {
	t.Helper()
	u := tms.User{Email: email, Name: "Test " + string(role), Role: role, Active: true, PasswordHash: "hash"}
	if err := s.CreateUser(ctxAs(0), &u); err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func wantCode(t testing.TB, err error, want tms.Code) {
	t.Helper()
	if got := tms.ErrorCode(err); got != want {
		t.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
}
