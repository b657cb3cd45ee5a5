package osmand

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeRequestForms(t *testing.T) {
	const jsonBody = `{"device_id":"j1","location":{"coords":{"latitude":1,"longitude":2}}}`
	tests := []struct {
		name, method, target, contentType, body string
		want                                    Report
	}{
		{"GET query", http.MethodGet, "/?id=q1&lat=1&lon=2", "", "",
			Report{DeviceID: "q1", Point: pt(1, 2), HasFix: true}},
		{"POST query, empty body", http.MethodPost, "/?id=q1&lat=1&lon=2", "", "",
			Report{DeviceID: "q1", Point: pt(1, 2), HasFix: true}},
		{"POST form body", http.MethodPost, "/", "application/x-www-form-urlencoded", "id=f1&lat=1&lon=2&batt=50",
			Report{DeviceID: "f1", Point: pt(1, 2), HasFix: true, Battery: ptr(50.0)}},
		{"POST form body and query merge", http.MethodPost, "/?id=f1", "application/x-www-form-urlencoded; charset=utf-8", "lat=1&lon=2",
			Report{DeviceID: "f1", Point: pt(1, 2), HasFix: true}},
		{"body read as form when the URL has no parameters", http.MethodPut, "/", "text/plain", "id=f2&location=1,2",
			Report{DeviceID: "f2", Point: pt(1, 2), HasFix: true}},
		{"body of another type ignored when the URL has parameters", http.MethodPost, "/?id=q2", "text/plain", "%zz not a form",
			Report{DeviceID: "q2"}},
		{"JSON by content type", http.MethodPost, "/", "application/json", jsonBody,
			Report{DeviceID: "j1", Point: pt(1, 2), HasFix: true, Form: FormJSON}},
		{"JSON with charset", http.MethodPost, "/", "application/json; charset=utf-8", jsonBody,
			Report{DeviceID: "j1", Point: pt(1, 2), HasFix: true, Form: FormJSON}},
		{"JSON without content type", http.MethodPost, "/", "", jsonBody,
			Report{DeviceID: "j1", Point: pt(1, 2), HasFix: true, Form: FormJSON}},
		{"JSON under a form content type, leading space", http.MethodPost, "/", "application/x-www-form-urlencoded", " \n" + jsonBody,
			Report{DeviceID: "j1", Point: pt(1, 2), HasFix: true, Form: FormJSON}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			got, err := Decode(req, time.UTC, 1<<10)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	tests := []struct {
		name, target, contentType, body, param string
	}{
		{"malformed query", "/?id=1&lat=%zz", "", "", "query"},
		{"malformed form body", "/", "application/x-www-form-urlencoded", "id=1&lat=%zz", "body"},
		{"body too large", "/", "application/x-www-form-urlencoded", "id=1&x=" + strings.Repeat("a", 100), "body"},
		{"bad JSON", "/", "application/json", `{"device_id":1,`, "body"},
		{"JSON content type, form body", "/", "application/json", "id=1&lat=1&lon=2", "body"},
		{"form body without id", "/", "", "lat=1&lon=2", "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, tt.target, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			r, err := Decode(req, time.UTC, 64)
			if err == nil {
				t.Fatalf("got report %+v, want an error naming %s", r, tt.param)
			}
			checkInvalid(t, err, tt.param)
		})
	}
}

// failingBody fails mid-read, like a client that hangs up.
type failingBody struct{}

func (failingBody) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestDecodeBodyReadFailure(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/", io.NopCloser(failingBody{}))
	_, err := Decode(req, time.UTC, 1<<10)
	checkInvalid(t, err, "body")
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("got %v, want the read error wrapped", err)
	}
}
