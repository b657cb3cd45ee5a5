package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// OpenAPI builds the OpenAPI 3.1 document from the route table, so the two cannot drift:
// every route's method, path, parameters, roles, request and response schemas come from it.
func (a *API) OpenAPI() map[string]any {
	g := &schemaGen{schemas: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range a.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = g.operation(rt, path)
	}
	g.schemaOf(reflect.TypeFor[web.Problem]()) // registers components.schemas.Problem
	events := g.webhooksSection()
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Andi TMS API", "version": "1",
			"description": "Trucking TMS: loads, dispatch, tracking, documents, billing. Errors are RFC 7807 problem+json."},
		"servers":  []any{map[string]any{"url": "/"}},
		"paths":    paths,
		"webhooks": events,
		"components": map[string]any{
			"schemas": g.schemas,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "tms_session"},
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
	}
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

func (g *schemaGen) operation(rt Route, path string) map[string]any {
	op := map[string]any{
		"summary":     rt.Doc.Summary,
		"tags":        []string{rt.Doc.Tag},
		"operationId": operationID(rt.Pattern),
		"responses":   g.responses(rt),
	}
	description := []string{rt.Doc.Description}
	if !rt.Action.IsPublic() {
		op["security"] = []any{map[string]any{"session": []string{}}, map[string]any{"bearer": []string{}}}
		description = append([]string{"Roles: " + rt.Action.Describe() + "."}, description...)
		op["x-action"] = string(rt.Action)
	} else {
		op["security"] = []any{}
	}
	if d := strings.TrimSpace(strings.Join(description, " ")); d != "" {
		op["description"] = d
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": paramSchema(m[1])})
	}
	for _, q := range rt.Doc.Query {
		params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	switch {
	case rt.Doc.Upload != "":
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{rt.Doc.Upload: map[string]any{"schema": uploadSchema(rt.Doc.Upload)}}}
	case rt.Doc.In != nil:
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": g.schemaOf(reflect.TypeOf(rt.Doc.In))}}}
	}
	return op
}

// uploadSchema describes a non-JSON request body: a form with a file part (and the text
// fields its summary names), or the file itself.
func uploadSchema(mediaType string) map[string]any {
	file := map[string]any{"type": "string", "format": "binary"}
	if mediaType != "multipart/form-data" {
		return file
	}
	return map[string]any{"type": "object", "required": []string{"file"}, "properties": map[string]any{"file": file},
		"additionalProperties": map[string]any{"type": "string"}}
}

func paramSchema(name string) map[string]any {
	if name == "file" || name == "kind" {
		return map[string]any{"type": "string"}
	}
	return map[string]any{"type": "integer", "minimum": 1}
}

func (g *schemaGen) responses(rt Route) map[string]any {
	status := rt.Doc.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	switch {
	case rt.Doc.Produces != "":
		ok["content"] = map[string]any{rt.Doc.Produces: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	case rt.Doc.Out != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schemaOf(reflect.TypeOf(rt.Doc.Out))}}
	}
	problem := map[string]any{"description": "Error", "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	return map[string]any{strconv.Itoa(status): ok, "default": problem}
}

func operationID(pattern string) string {
	clean := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", " ", "_", ".", "_").Replace(pattern)
	return strings.ToLower(clean)
}

// schemaGen turns Go types into JSON Schema (2020-12, as OpenAPI 3.1 uses), naming structs
// as components.
type schemaGen struct{ schemas map[string]any }

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[tms.Date]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schemaOf(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Struct:
		return g.ref(t)
	}
	return map[string]any{}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9]+`)

// ref names a struct schema once in components and points at it.
func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := unsafeName.ReplaceAllString(t.Name(), "")
	if t.PkgPath() != "" && !strings.HasSuffix(t.PkgPath(), "/tms") {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	if _, done := g.schemas[name]; !done {
		g.schemas[name] = map[string]any{} // placeholder breaks recursion
		g.schemas[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	g.fields(t, props)
	return map[string]any{"type": "object", "properties": props}
}

// fields collects a struct's JSON properties, flattening embedded structs as encoding/json does.
// Direct fields go first so they shadow the embedded ones, as in encoding/json.
func (g *schemaGen) fields(t reflect.Type, props map[string]any) {
	var embedded []reflect.Type
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || (!f.IsExported() && !f.Anonymous):
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			embedded = append(embedded, f.Type)
		default:
			if name == "" {
				name = f.Name
			}
			props[name] = g.schemaOf(f.Type)
		}
	}
	for _, e := range embedded {
		inner := map[string]any{}
		g.fields(e, inner)
		for k, v := range inner {
			if _, shadowed := props[k]; !shadowed {
				props[k] = v
			}
		}
	}
}

func (a *API) serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	return web.WriteJSON(w, http.StatusOK, a.OpenAPI())
}

// sortedRoutes lists the table by path then method, for the docs page.
func (a *API) sortedRoutes() []Route {
	rs := a.Routes()
	slices.SortStableFunc(rs, func(x, y Route) int {
		_, px, _ := strings.Cut(x.Pattern, " ")
		_, py, _ := strings.Cut(y.Pattern, " ")
		return strings.Compare(px, py)
	})
	return rs
}
