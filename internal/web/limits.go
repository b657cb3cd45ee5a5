package web

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// Limits every decoded request value is held to, so that what one engine stores the other
// stores too: Go int fields are PostgreSQL INTEGER columns, int64 fields (cents, ids) BIGINT
// with room to add them up; names are short, other text is a note.
const (
	MaxName   = 200
	MaxText   = 4000
	maxInt64  = 1_000_000_000_000_000 // 1e15: ten trillion dollars in cents
	maxNumber = 1e12
)

// CheckLimits walks a decoded value and reports every string, integer or number out of its
// limits as a field error.
func CheckLimits(v any) error {
	fields := map[string]string{}
	walkLimits(reflect.ValueOf(v), "", fields)
	if len(fields) == 0 {
		return nil
	}
	return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: fields}
}

var timeType = reflect.TypeFor[time.Time]()

func walkLimits(v reflect.Value, path string, out map[string]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkLimits(v.Elem(), path, out)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				walkLimits(v.Field(i), joinPath(path, jsonName(f), f.Anonymous), out)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // raw JSON or bytes
			return
		}
		for i := range v.Len() {
			walkLimits(v.Index(i), path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			walkLimits(v.MapIndex(k), joinPath(path, k.String(), false), out)
		}
	case reflect.String:
		if max := maxLen(path); utf8.RuneCountInString(v.String()) > max {
			out[path] = "is at most " + strconv.Itoa(max) + " characters"
		}
	case reflect.Int, reflect.Int32:
		if n := v.Int(); n > math.MaxInt32 || n < math.MinInt32 {
			out[path] = "is out of range"
		}
	case reflect.Int64:
		if n := v.Int(); n > maxInt64 || n < -maxInt64 {
			out[path] = "is out of range"
		}
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.Abs(f) > maxNumber {
			out[path] = "is out of range"
		}
	}
}

// maxLen is the longest text a field holds: names are short, the rest are notes.
func maxLen(path string) int {
	last := path[strings.LastIndex(path, ".")+1:]
	if last == "name" || strings.HasSuffix(last, "_name") || last == "email" {
		return MaxName
	}
	return MaxText
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// joinPath names a nested field as a.b; an embedded struct's fields keep their own names.
func joinPath(path, name string, embedded bool) string {
	switch {
	case embedded:
		return path
	case path == "":
		return name
	}
	return path + "." + name
}

// requiredFields names the fields an empty object left out: those not marked omitempty.
func requiredFields(v any) map[string]string {
	fields := map[string]string{}
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return map[string]string{"body": "is empty"}
	}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if f.IsExported() && !f.Anonymous && tag != "-" && !strings.Contains(tag, "omitempty") {
			fields[jsonName(f)] = "is required"
		}
	}
	if len(fields) == 0 {
		fields["body"] = "is empty"
	}
	return fields
}
