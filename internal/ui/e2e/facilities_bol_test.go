package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/pdftest"
	"github.com/anditms/tms/internal/storetest"
	"github.com/anditms/tms/internal/tms"
)

// westinghouseDock is 3100 Westinghouse Blvd, Charlotte, NC 28208 as a street map places it.
var westinghouseDock = tms.Point{Lat: 35.1300, Lon: -80.9300}

// TestFacilityFromAddress: a dispatcher types the Charlotte address, looks it up and gets the
// ZIP centroid (said to be approximate) in America/New_York. The offline data knows ZIPs, not
// streets: the 28208 centroid is about 11.6 km from the dock, so the dispatcher moves the
// pin (types the dock's position) and the saved facility lies within 5 km of the dock.
func TestFacilityFromAddress(t *testing.T) {
	geocode.Warm() // as tms serve does at start: the lookup's request is not the one that reads the data
	srv := server(t)
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)
	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.visit("/facilities/new")
	b.fill("#f-name", "Westinghouse DC")
	b.fill("#f-address\\.line1", "3100 Westinghouse Blvd")
	b.fill("#f-address\\.city", "Charlotte")
	b.fill("#f-address\\.state", "NC")
	b.fill("#f-address\\.zip", "28208")
	b.do(chromedp.Click(chromedp.CSS(`button[hx-post="/facilities/lookup"]`)))
	b.waitFor(`document.getElementById('f-lat').value !== ''`)

	if got := b.text("#lookup-result"); !strings.Contains(got, "approximate, ZIP centroid") || !strings.Contains(got, "America/New_York") {
		t.Errorf("lookup says %q", got)
	}
	if zone := run(b, chromedp.Evaluate[string](`document.getElementById('f-time_zone').value`)); zone != "America/New_York" {
		t.Errorf("time zone = %q, want America/New_York", zone)
	}
	found := tms.Point{Lat: b.number("#f-lat"), Lon: b.number("#f-lon")}
	d := tms.DistanceMeters(found, westinghouseDock)
	t.Logf("the ZIP centroid %.4f, %.4f is %.1f km from the dock", found.Lat, found.Lon, d/1000)
	if d > 12_500 {
		t.Errorf("the lookup landed %.1f km from the dock, want the 28208 centroid (about 11.6 km)", d/1000)
	}

	// the dispatcher knows the dock: the position is editable
	b.do(chromedp.SetValue(chromedp.CSS("#f-lat"), "35.1300"), chromedp.SetValue(chromedp.CSS("#f-lon"), "-80.9300"))
	if status := b.submit(`form.form-grid button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("saving answered %d: %s", status, b.text(".form-grid"))
	}
	page, err := srv.App.Store.ListFacilities(context.Background(), tms.MasterFilter{Text: "Westinghouse"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("facilities = %+v, %v", page.Items, err)
	}
	f := page.Items[0]
	if d := tms.DistanceMeters(f.Point(), westinghouseDock); d > 5000 || f.TimeZone != "America/New_York" {
		t.Errorf("saved facility at %.4f, %.4f (%.0f m from the dock) in %s; want within 5 km in America/New_York", f.Lat, f.Lon, d, f.TimeZone)
	}
}

// TestBOLButtonAndPODPreview: the carrier's settings hold its address and MC/DOT; the BOL
// button on the load page files a PDF whose text (pdftotext) shows them, previewed in a frame;
// a POD photo uploaded on the page previews inline as an image.
func TestBOLButtonAndPODPreview(t *testing.T) {
	srv := server(t)
	f := storetest.NewFixtures(t, srv.App.Store)
	ctx := context.Background()
	_, err := srv.App.Store.UpdateCarrierSettings(ctx, func(c *tms.CarrierSettings) error {
		c.Name, c.MCNumber, c.DOTNumber = "Lone Star Freight", "MC-123456", "3398127"
		c.Address = tms.Address{Line1: "500 Commerce St", City: "Fort Worth", State: "TX", Zip: "76102"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	l := f.Load(f.MondayMorning)
	if err := srv.App.Store.CreateLoad(ctx, &l); err != nil {
		t.Fatal(err)
	}
	_, pw := user(t, srv, "dana@example.com", "Dana Dispatcher", tms.RoleDispatcher)
	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.visit(fmt.Sprintf("/loads/%d", l.ID))
	if status := b.submit(`form[action$="/bol"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("the BOL button answered %d", status)
	}
	if got := b.text("#documents .docs"); !strings.Contains(got, "BOL") || !strings.Contains(got, "BOL-"+l.Number+".pdf") {
		t.Fatalf("documents after the BOL button = %q", got)
	}
	src := run(b, chromedp.Evaluate[string](`document.querySelector('#documents .doc-preview iframe').getAttribute('src')`))
	download := strings.Replace(src, "/preview", "/download", 1)
	pdf := b.fetch(download, "attachment")
	b.fetch(src, "inline")
	text := pdftest.Text(t, pdftest.WriteFile(t, pdf), 0, 0)
	for _, want := range []string{"Lone Star Freight", "500 Commerce St", "MC# MC-123456", "USDOT# 3398127", "Dry van", l.Number} {
		if !strings.Contains(text, want) {
			t.Errorf("the BOL's text lacks %q:\n%s", want, text)
		}
	}

	b.uploadPhotoPOD(l.ID)
	b.waitFor(`(function () { var i = document.querySelector('#documents img.thumb'); return i !== null && i.complete && i.naturalWidth > 0; })()`)
	thumb := run(b, chromedp.Evaluate[string](`document.querySelector('#documents img.thumb').getAttribute('src')`))
	if !strings.HasSuffix(thumb, "/preview") {
		t.Errorf("the POD shows from %q, want its inline preview", thumb)
	}
	b.fetch(thumb, "inline")
	b.screenshot("load-documents")
}

// number reads a number input.
func (b *browser) number(sel string) float64 {
	b.t.Helper()
	v := run(b, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).value`, sel)))
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		b.t.Fatalf("%s = %q: %v", sel, v, err)
	}
	return n
}

// fetch requests path in the page (with its session), checks the Content-Disposition type
// and returns the body.
func (b *browser) fetch(path, disposition string) []byte {
	b.t.Helper()
	script := fmt.Sprintf(`fetch(%q).then(function (r) {
		return r.arrayBuffer().then(function (buf) {
			var s = '', bytes = new Uint8Array(buf);
			for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
			return r.status + ' ' + (r.headers.get('Content-Disposition') || '') + '\n' + btoa(s);
		});
	})`, path)
	out := run(b, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	head, body, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(head, "200 "+disposition+";") {
		b.t.Fatalf("GET %s: %q, want 200 with Content-Disposition %s", path, head, disposition)
	}
	data, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		b.t.Fatal(err)
	}
	return data
}

// uploadPhotoPOD uploads a PNG photo of a POD on the load page.
func (b *browser) uploadPhotoPOD(id int64) {
	b.t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, 15, color.Black)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.t.Fatal(err)
	}
	file := filepath.Join(b.t.TempDir(), "pod-photo.png")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.visit(fmt.Sprintf("/loads/%d", id))
	b.do(chromedp.SetValue(chromedp.CSS("#d-type"), "pod"), chromedp.SetUploadFiles(chromedp.CSS("#d-file"), []string{file}))
	b.do(chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`))) // htmx swaps the documents in place
}
