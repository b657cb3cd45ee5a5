package tracking_test

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
)

// checkStatus fails on a server error: bad input is always a 4xx.
func checkStatus(t *testing.T, code int, body string) {
	if code >= 500 {
		t.Fatalf("status %d for bad input: %s", code, body)
	}
}

func FuzzOsmAndQuery(f *testing.F) {
	for _, c := range queryCases(f) {
		f.Add(strings.TrimPrefix(c[1], "?"))
	}
	s, _ := newService(f)
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest("GET", "/osmand", nil)
		req.URL.RawQuery = query
		w := serve(s, req)
		checkStatus(t, w.Code, w.Body.String())
	})
}

func FuzzOsmAndJSON(f *testing.F) {
	for _, name := range []string{"json_1.json", "json_2.json", "json_3.json", "json_4.json"} {
		f.Add(sharedFile(f, name))
	}
	s, _ := newService(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/osmand", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := serve(s, req)
		checkStatus(t, w.Code, w.Body.String())
	})
}

func FuzzPositionsBatch(f *testing.F) {
	f.Add([]byte(`{"positions":[{"device_id":"123456","time":"2026-01-02T03:04:05Z","lat":32.1,"lon":-96.1,"speed_mph":55,"heading":90}]}`))
	f.Add([]byte(`{"positions":[{"device_id":"902064","time":"2026-01-02T03:04:05Z","lat":32.1,"lon":-96.1,"attributes":{"ignition":true,"odometer":12}},{"device_id":"x","time":"1999-01-01T00:00:00Z","lat":0,"lon":0}]}`))
	f.Add([]byte(`{"positions":[]}`))
	s, _ := newService(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/positions", bytes.NewReader(body))
		w := serve(s, req)
		checkStatus(t, w.Code, w.Body.String())
	})
}
