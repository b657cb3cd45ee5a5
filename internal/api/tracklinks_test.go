package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

type createdLink struct {
	tms.TrackingLink
	Token string `json:"token"`
	URL   string `json:"url"`
}

// shareLoad creates a tracking link to load id as the dispatcher.
func (e billEnv) shareLoad(t *testing.T, id int64) createdLink {
	t.Helper()
	var c createdLink
	e.dispatcher.Do("POST", fmt.Sprintf("/api/v1/loads/%d/tracking-links", id), nil).Want(http.StatusCreated).JSON(&c)
	return c
}

// publicView reads a link's page as JSON without any login.
func publicView(t *testing.T, srv *apitest.Server, token string) share.View {
	t.Helper()
	var v share.View
	srv.NewClient(t).Do("GET", share.Path(token)+".json", nil).Want(http.StatusOK).JSON(&v)
	return v
}

func (e billEnv) setStatus(t *testing.T, id int64, to tms.LoadStatus, change func(*tms.Load)) {
	t.Helper()
	_, err := e.srv.App.Store.UpdateLoad(context.Background(), id, func(tx tms.LoadTx, l *tms.Load) error {
		tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: l.Status, ToStatus: to, Source: tms.SourceUser})
		l.Status = to
		change(l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The office creates, lists and revokes links; the public page shows the load, its stops
// and references, and nothing of the driver or the rate; the token opens no API route; an
// unknown and a revoked token get the same 404.
func TestTrackingLinkLifecycle(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		l := e.delivered(t, 0)
		c := e.shareLoad(t, l.ID)
		if len(c.Token) < 22 || c.URL != e.srv.URL+"/t/"+c.Token || c.CreatedBy != "dispatcher@example.com" {
			t.Fatalf("created %+v, want a token of at least 128 bits, its URL and the creator", c)
		}
		for _, who := range []*apitest.Client{e.viewer, e.billing, e.driver} {
			who.Do("POST", fmt.Sprintf("/api/v1/loads/%d/tracking-links", l.ID), nil).Want(http.StatusForbidden)
		}
		e.dispatcher.Do("POST", "/api/v1/loads/999999/tracking-links", nil).Want(http.StatusNotFound)
		list := e.dispatcher.Do("GET", fmt.Sprintf("/api/v1/loads/%d/tracking-links", l.ID), nil).Want(http.StatusOK)
		if bytes.Contains(list.Body, []byte(c.Token)) || !bytes.Contains(list.Body, []byte(`"expires_at"`)) {
			t.Errorf("list %s: want no token and the expiry of a delivered load", list.Body)
		}

		anon := e.srv.NewClient(t)
		page := anon.Do("GET", "/t/"+c.Token, nil).Want(http.StatusOK)
		for header, want := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"} {
			if got := page.Header.Get(header); got != want {
				t.Errorf("%s = %q, want %q", header, got, want)
			}
		}
		if cookies := page.Header.Values("Set-Cookie"); len(cookies) > 0 {
			t.Errorf("the public page sets cookies %v, want none", cookies)
		}
		for _, want := range []string{l.Number, "PO-77", "BOL-1", "Acme DC Dallas", "Dallas, TX", "Grocer Houston", "Mon Dec 7 08:00–10:00 CST"} {
			if !bytes.Contains(page.Body, []byte(want)) {
				t.Errorf("the page lacks %q", want)
			}
		}
		for _, secret := range []string{e.f.Driver.Name, "1250.00", "1,250", "Log out", "/dispatch"} {
			if bytes.Contains(page.Body, []byte(secret)) {
				t.Errorf("the page shows %q", secret)
			}
		}
		v := publicView(t, e.srv, c.Token)
		if v.Number != l.Number || len(v.Stops) != 2 || v.Stops[0].TimeZone != "America/Chicago" {
			t.Errorf("view %+v, want the load's number and two stops with their zone", v)
		}

		apiPath := fmt.Sprintf("/api/v1/loads/%d", l.ID)
		anon.Do("GET", apiPath, nil, "Authorization", "Bearer "+c.Token).Want(http.StatusUnauthorized)
		anon.Do("GET", apiPath+"?token="+c.Token, nil).Want(http.StatusUnauthorized)
		anon.Do("GET", apiPath, nil, "Cookie", "session="+c.Token).Want(http.StatusUnauthorized)

		unknown, _ := share.NewToken()
		missing := anon.Do("GET", "/t/"+unknown, nil).Want(http.StatusNotFound)
		var revoked tms.TrackingLink
		e.viewer.Do("POST", fmt.Sprintf("/api/v1/tracking-links/%d/revoke", c.ID), nil).Want(http.StatusForbidden)
		e.dispatcher.Do("POST", fmt.Sprintf("/api/v1/tracking-links/%d/revoke", c.ID), nil).Want(http.StatusOK).JSON(&revoked)
		if revoked.RevokedAt == nil {
			t.Errorf("revoked %+v, want revoked_at", revoked)
		}
		gone := anon.Do("GET", "/t/"+c.Token, nil).Want(http.StatusNotFound)
		if !bytes.Equal(gone.Body, missing.Body) {
			t.Errorf("a revoked link's page differs from an unknown one's:\n%s\n---\n%s", gone.Body, missing.Body)
		}
		anon.Do("GET", "/t/"+c.Token+".json", nil).Want(http.StatusNotFound)
		e.dispatcher.Do("POST", "/api/v1/tracking-links/999999/revoke", nil).Want(http.StatusNotFound)
	})
}

// A link expires the carrier's number of days after delivery (7 by default); before
// delivery it does not expire.
func TestTrackingLinkExpiresAfterDelivery(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		l := e.delivered(t, 0)
		c := e.shareLoad(t, l.ID)
		deliveredAt := time.Now()
		if l.Stops[1].DepartedAt != nil {
			deliveredAt = *l.Stops[1].DepartedAt
		}
		e.setStatus(t, l.ID, tms.StatusDelivered, func(l *tms.Load) { l.Stops[1].DepartedAt = &deliveredAt })
		anon := e.srv.NewClient(t)
		at := func(d time.Duration) int {
			e.srv.App.Share.Now = func() time.Time { return deliveredAt.Add(d) }
			return anon.Do("GET", "/t/"+c.Token, nil).Status
		}
		if got := at(7*24*time.Hour - time.Minute); got != http.StatusOK {
			t.Errorf("a minute before 7 days after delivery: status %d, want 200", got)
		}
		if got := at(7 * 24 * time.Hour); got != http.StatusNotFound {
			t.Errorf("7 days after delivery: status %d, want 404", got)
		}
		if _, err := e.srv.App.Store.UpdateCarrierSettings(context.Background(), func(s *tms.CarrierSettings) error {
			s.TrackingLinkDays = 2
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got := at(2*24*time.Hour + time.Minute); got != http.StatusNotFound {
			t.Errorf("2 days and a minute after delivery with 2-day links: status %d, want 404", got)
		}

		onTheWay := e.delivered(t, 24*time.Hour)
		e.setStatus(t, onTheWay.ID, tms.StatusInTransit, func(l *tms.Load) { l.Stops[1].DepartedAt = nil })
		c2 := e.shareLoad(t, onTheWay.ID)
		e.srv.App.Share.Now = func() time.Time { return time.Now().Add(365 * 24 * time.Hour) }
		anon.Do("GET", "/t/"+c2.Token, nil).Want(http.StatusOK)
	})
}

// The truck's position shows only while it hauls the load: not from before dispatch, not
// after delivery.
func TestTrackingLinkPositionWindow(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		ctx := context.Background()
		l := e.f.Load(time.Now().Add(time.Hour))
		l.Status, l.DriverID, l.TruckID = tms.StatusBooked, &e.f.Driver.ID, &e.f.Truck.ID
		if err := e.srv.App.Store.CreateLoad(ctx, &l); err != nil {
			t.Fatal(err)
		}
		dev := storetest.NewDevice(t, e.srv.App.Store, "share-1", e.f.Truck.ID)
		fix := func(at time.Time, lat float64) {
			if _, err := e.srv.App.Store.SavePositions(ctx, []tms.Position{{DeviceID: dev.ID, TruckID: &e.f.Truck.ID, FixTime: at, ReceivedAt: at, Lat: lat, Lon: -96.5}}); err != nil {
				t.Fatal(err)
			}
		}
		fix(time.Now().Add(-time.Hour), 33.0) // an earlier job
		c := e.shareLoad(t, l.ID)
		if v := publicView(t, e.srv, c.Token); v.Truck != nil {
			t.Errorf("booked load: truck %+v, want none", v.Truck)
		}
		e.setStatus(t, l.ID, tms.StatusDispatched, func(*tms.Load) {})
		if v := publicView(t, e.srv, c.Token); v.Truck != nil {
			t.Errorf("dispatched, newest fix from before dispatch: truck %+v, want none", v.Truck)
		}
		fix(time.Now().Add(30*time.Second), 32.5)
		v := publicView(t, e.srv, c.Token)
		if v.Truck == nil || v.Truck.Lat != 32.5 {
			t.Fatalf("dispatched with a fix since: truck %+v, want the fix at 32.5", v.Truck)
		}
		if v.Stops[0].ETA == nil {
			t.Errorf("dispatched with a fix: stops %+v, want an ETA at the pickup", v.Stops)
		}
		e.setStatus(t, l.ID, tms.StatusInTransit, func(*tms.Load) {})
		e.setStatus(t, l.ID, tms.StatusDelivered, func(l *tms.Load) {
			now := time.Now()
			for i := range l.Stops {
				l.Stops[i].Status, l.Stops[i].ArrivedAt, l.Stops[i].DepartedAt = tms.StopDeparted, &now, &now
			}
		})
		fix(time.Now().Add(time.Minute), 31.0)
		if v := publicView(t, e.srv, c.Token); v.Truck != nil || v.Stops[1].ETA != nil {
			t.Errorf("delivered: truck %+v, ETA %v; want neither", v.Truck, v.Stops[1].ETA)
		}
	})
}

// PODs show only after delivery, only when the customer shares them, and the document route
// serves only active PODs of the link's own load.
func TestTrackingLinkPODs(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		ctx := tms.WithActor(context.Background(), tms.Actor{Email: "setup@example.com", Role: tms.RoleAdmin})
		l := e.delivered(t, 0)
		other := e.delivered(t, 24*time.Hour)
		onTheWay := e.delivered(t, 48*time.Hour)
		e.setStatus(t, onTheWay.ID, tms.StatusInTransit, func(*tms.Load) {})
		upload := func(id int64, typ tms.DocumentType) tms.Document {
			d, err := e.srv.App.Documents.Upload(ctx, tms.Owner{Kind: tms.OwnerLoad, ID: id}, typ, string(typ)+".png", bytes.NewReader(podPNG(t)))
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		pod, bol, otherPOD, earlyPOD := upload(l.ID, tms.DocPOD), upload(l.ID, tms.DocBOL), upload(other.ID, tms.DocPOD), upload(onTheWay.ID, tms.DocPOD)
		c, early := e.shareLoad(t, l.ID), e.shareLoad(t, onTheWay.ID)
		anon := e.srv.NewClient(t)
		doc := func(token string, id int64) int {
			return anon.Do("GET", fmt.Sprintf("/t/%s/documents/%d", token, id), nil).Status
		}

		if v := publicView(t, e.srv, c.Token); len(v.Documents) != 0 || doc(c.Token, pod.ID) != http.StatusNotFound {
			t.Errorf("customer not sharing PODs: documents %+v, want none and 404", v.Documents)
		}
		if _, err := e.srv.App.Store.UpdateCustomer(ctx, e.f.Customer.ID, func(c *tms.Customer) error {
			c.Notifications.PODOnTrackLink = true
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		v := publicView(t, e.srv, c.Token)
		if len(v.Documents) != 1 || v.Documents[0].ID != pod.ID {
			t.Errorf("documents %+v, want only the POD %d", v.Documents, pod.ID)
		}
		got := anon.Do("GET", fmt.Sprintf("/t/%s/documents/%d", c.Token, pod.ID), nil).Want(http.StatusOK)
		if !bytes.Equal(got.Body, podPNG(t)) || got.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("the POD download: %d bytes, referrer policy %q", len(got.Body), got.Header.Get("Referrer-Policy"))
		}
		for name, status := range map[string]int{
			"a BOL of the load":             doc(c.Token, bol.ID),
			"another load's POD":            doc(c.Token, otherPOD.ID),
			"a POD before delivery":         doc(early.Token, earlyPOD.ID),
			"no such document":              doc(c.Token, 999999),
			"not a document id":             anon.Do("GET", "/t/"+c.Token+"/documents/x", nil).Status,
			"the POD through a wrong token": doc(strings.Repeat("A", 32), pod.ID),
		} {
			if status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", name, status)
			}
		}
		if v := publicView(t, e.srv, early.Token); len(v.Documents) != 0 {
			t.Errorf("in transit: documents %+v, want none", v.Documents)
		}
	})
}

// Guessing tokens from one address is slowed: views of a valid link do not count; past the
// free misses the next attempt starts a wait, and until it ends the page answers 429 with
// Retry-After, a valid link included.
func TestTrackingLinkRateLimit(t *testing.T) {
	eachBillingBackend(t, func(t *testing.T, e billEnv) {
		c := e.shareLoad(t, e.delivered(t, 0).ID)
		anon := e.srv.NewClient(t)
		for range 5 {
			anon.Do("GET", "/t/"+c.Token, nil).Want(http.StatusOK)
		}
		for range share.LookupBackoff.Free {
			guess, _ := share.NewToken()
			anon.Do("GET", "/t/"+guess, nil).Want(http.StatusNotFound)
		}
		anon.Do("GET", "/t/not-even-a-token", nil).Want(http.StatusNotFound)
		limited := anon.Do("GET", "/t/"+c.Token, nil).Want(http.StatusTooManyRequests)
		if limited.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		anon.Do("GET", "/t/"+c.Token+".json", nil).Want(http.StatusTooManyRequests)
	})
}
