package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/anditms/tms/internal/api"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// recorder is a mux that remembers every pattern registered on it.
type recorder struct {
	*http.ServeMux
	patterns []string
}

func (r *recorder) Handle(pattern string, h http.Handler) {
	r.patterns = append(r.patterns, pattern)
	r.ServeMux.Handle(pattern, h)
}

func TestOpenAPIValidatesAndListsEveryRoute(t *testing.T) {
	a := &api.API{Store: testenv.SQLite(t)}
	raw, err := json.Marshal(a.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("document is not valid OpenAPI 3.1: %v", err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	mux := &recorder{ServeMux: http.NewServeMux()}
	a.Register(mux)
	var registered []string
	for _, p := range mux.patterns {
		if strings.Contains(p, " /api/v1/") {
			registered = append(registered, p)
			if !documented[p] {
				t.Errorf("route %s is served but missing from the OpenAPI document", p)
			}
		}
	}
	for p := range documented {
		if !slices.Contains(registered, p) {
			t.Errorf("the OpenAPI document lists %s, which is not served", p)
		}
	}
	if len(registered) < 30 {
		t.Errorf("only %d /api/v1 routes registered", len(registered))
	}
}

// Files in and out are described as what they are, not as JSON.
func TestOpenAPIDescribesFiles(t *testing.T) {
	doc := loadOpenAPI(t)
	body := func(path, method string) openapi3.Content {
		return doc.Paths.Find(path).GetOperation(method).RequestBody.Value.Content
	}
	ok := func(path, status string) openapi3.Content {
		return doc.Paths.Find(path).Get.Responses.Value(status).Value.Content
	}
	if c := body("/api/v1/import/{kind}", "POST"); c.Get("multipart/form-data") == nil || c.Get("application/json") != nil {
		t.Errorf("CSV import body = %v, want multipart/form-data only", c)
	}
	if c := body("/api/v1/fuel/prices/import", "POST"); c.Get("text/csv") == nil {
		t.Errorf("diesel price import body = %v, want text/csv", c)
	}
	if c := ok("/api/v1/invoices/{id}/pdf", "200"); c.Get("application/pdf") == nil {
		t.Errorf("invoice PDF response = %v, want application/pdf", c)
	}
	if c := ok("/api/v1/export/{file}", "200"); c.Get("text/csv") == nil {
		t.Errorf("export response = %v, want text/csv", c)
	}
}

// TestOpenAPIDescribesLoginThrottling: the login operation states the throttling policy, and
// the other operations still state their roles.
func TestOpenAPIDescribesLoginThrottling(t *testing.T) {
	doc := (&api.API{Store: testenv.SQLite(t)}).OpenAPI()
	paths := doc["paths"].(map[string]map[string]any)
	login := paths["/api/v1/auth/login"]["post"].(map[string]any)["description"]
	if login != auth.ThrottlePolicy() || !strings.Contains(login.(string), "5 free failures") {
		t.Errorf("login description = %q, want the throttling policy", login)
	}
	if me := paths["/api/v1/me"]["get"].(map[string]any)["description"]; !strings.HasPrefix(me.(string), "Roles: ") {
		t.Errorf("GET /api/v1/me description = %q, want its roles", me)
	}
}

// TestOpenAPIDescribesEveryWebhookEvent: the webhooks section has each event type with its
// payload schema and the Standard Webhooks headers.
func TestOpenAPIDescribesEveryWebhookEvent(t *testing.T) {
	doc := loadOpenAPI(t)
	if len(doc.Webhooks) != len(tms.WebhookEventTypes) {
		t.Fatalf("webhooks section has %d events, want %d", len(doc.Webhooks), len(tms.WebhookEventTypes))
	}
	for _, typ := range tms.WebhookEventTypes {
		op := doc.Webhooks[typ].Post
		schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
		if schema.Properties["data"] == nil || schema.Properties["timestamp"] == nil || len(op.Parameters) != 3 {
			t.Errorf("%s: body %v, %d header parameters", typ, schema.Properties, len(op.Parameters))
		}
	}
}

// loadOpenAPI parses the served document with an OpenAPI 3.1 loader.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	raw, err := json.Marshal((&api.API{Store: testenv.SQLite(t)}).OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
