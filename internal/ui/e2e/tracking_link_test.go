package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// A dispatcher shares a load from its page; a browser without any login opens the link and
// sees the load, its stops in the facilities' local time and the truck on the map. The same
// token reads nothing else: not another load's document, not an API route by bearer, cookie
// or query; once revoked, the link is 404.
func TestTrackingLink(t *testing.T) {
	srv := server(t)
	ctx := tms.WithActor(context.Background(), tms.Actor{Email: "test", Role: tms.RoleAdmin, Source: tms.SourceAPI})
	st := srv.App.Store
	f := storetest.NewFixtures(t, st)
	l := f.Load(time.Now().Add(2 * time.Hour))
	l.Assignment = tms.Assignment{DriverID: &f.Driver.ID, TruckID: &f.Truck.ID, TrailerID: &f.Trailer.ID}
	l.Status = tms.StatusDispatched
	other := f.Load(time.Now().Add(72 * time.Hour))
	for _, load := range []*tms.Load{&l, &other} {
		if err := st.CreateLoad(ctx, load); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.UpdateCustomer(ctx, f.Customer.ID, func(c *tms.Customer) error { c.Notifications.PODOnTrackLink = true; return nil }); err != nil {
		t.Fatal(err)
	}
	otherPOD, err := srv.App.Documents.Upload(ctx, tms.Owner{Kind: tms.OwnerLoad, ID: other.ID}, tms.DocPOD, "pod.pdf", bytes.NewReader([]byte(onePagePDF)))
	if err != nil {
		t.Fatal(err)
	}
	dev := storetest.NewDevice(t, st, "share-e2e", f.Truck.ID)
	osmand(t, srv.URL, dev.UniqueID, 32.10, -96.40, time.Now().Unix()+1)
	waitForFix(t, st, f.Truck.ID)

	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)
	office := newBrowser(t, srv.URL)
	office.login("dana@example.com", pw)
	office.visit(fmt.Sprintf("/loads/%d", l.ID))
	if got := office.submit(`#share-link-form button[type="submit"]`); got != http.StatusCreated {
		t.Fatalf("Share tracking link: status %d, want 201", got)
	}
	link := office.text("#new-link #secret")
	token, ok := strings.CutPrefix(link, srv.URL+"/t/")
	if !ok || len(token) < 22 {
		t.Fatalf("shared link %q, want %s/t/ and a token", link, srv.URL)
	}

	customer := newBrowser(t, srv.URL)
	if got := customer.visit("/t/" + token); got != http.StatusOK {
		t.Fatalf("the link: status %d, want 200", got)
	}
	if got := customer.text("#load-number"); got != l.Number {
		t.Errorf("load number %q, want %s", got, l.Number)
	}
	stops := customer.text("#public-stops tbody")
	pickup := l.Stops[0].AppointmentStart.In(tms.Zone("America/Chicago")).Format("Mon Jan 2 15:04")
	if !contains(stops, "Acme DC Dallas", "Dallas, TX", "Grocer Houston", "Houston, TX", pickup, "CST") {
		t.Errorf("stops %q, want both facilities with the pickup at %s in Central time", stops, pickup)
	}
	customer.waitFor(`document.querySelectorAll('#load-map .leaflet-tooltip.truck-label').length === 1`)
	customer.screenshot("tracking-link")

	for path, want := range map[string]int64{
		fmt.Sprintf("/t/%s/documents/%d", token, otherPOD.ID): http.StatusNotFound,
		fmt.Sprintf("/api/v1/loads/%d", l.ID):                 http.StatusUnauthorized,
		fmt.Sprintf("/api/v1/loads/%d?token=%s", l.ID, token): http.StatusUnauthorized,
	} {
		if got := customer.visit(path); got != want {
			t.Errorf("%s with the link's browser: status %d, want %d", path, got, want)
		}
	}
	if got := customer.visit(fmt.Sprintf("/loads/%d", other.ID)); got != http.StatusOK {
		t.Errorf("an office page with the link's browser: status %d, want 200 (the login page)", got)
	}
	if got := customer.path(); !strings.HasPrefix(got, "/login") {
		t.Errorf("an office page with the link's browser lands on %s, want the login page", got)
	}
	for name, header := range map[string][2]string{
		"bearer": {"Authorization", "Bearer " + token},
		"cookie": {"Cookie", srv.App.Sessions.Cookie.Name + "=" + token},
	} {
		if got := apiStatus(t, srv.URL+fmt.Sprintf("/api/v1/loads/%d", other.ID), header); got != http.StatusUnauthorized {
			t.Errorf("the token as %s on the API: status %d, want 401", name, got)
		}
	}

	office.acceptDialogs()
	office.visit(fmt.Sprintf("/loads/%d", l.ID))
	office.submit(`#links-table form button[type="submit"]`)
	if got := office.text("#links-table tbody"); !strings.Contains(got, "revoked") {
		t.Errorf("links after revoking = %q, want it revoked", got)
	}
	if got := customer.visit("/t/" + token); got != http.StatusNotFound {
		t.Errorf("the revoked link: status %d, want 404", got)
	}
	if got := customer.text("h1"); got != "Tracking link not found" {
		t.Errorf("the revoked link's page says %q", got)
	}
}

// waitForFix waits until the ingest has stored a position of truck.
func waitForFix(t *testing.T, st tms.Store, truck int64) {
	t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for {
		ps, err := st.TruckPositions(context.Background(), []int64{truck})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the truck's position was never stored")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// apiStatus calls url with one header and returns the status.
func apiStatus(t *testing.T, url string, header [2]string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(header[0], header[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// acceptDialogs answers every confirm() of the pages the tab opens next with OK (forms
// with data-confirm).
func (b *browser) acceptDialogs() {
	b.do(addScript(`window.confirm = function () { return true; };`))
}
