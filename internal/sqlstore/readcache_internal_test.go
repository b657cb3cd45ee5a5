package sqlstore

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// copyCase is a type the read cache keeps, with deepCopy of it.
type copyCase struct {
	typ  reflect.Type
	copy func(any) any
}

func caseOf[T any]() copyCase {
	return copyCase{reflect.TypeFor[T](), func(v any) any { return deepCopy(v.(T)) }}
}

// cachedTypes are the answers the read cache keeps (readcache.go's callers).
var cachedTypes = []copyCase{
	caseOf[tms.Load](), caseOf[tms.Page[tms.Load]](), caseOf[[]tms.Load](),
	caseOf[tms.Customer](), caseOf[tms.Page[tms.Customer]](), caseOf[tms.Facility](), caseOf[tms.Page[tms.Facility]](),
	caseOf[tms.Driver](), caseOf[tms.Page[tms.Driver]](), caseOf[tms.Truck](), caseOf[tms.Page[tms.Truck]](),
	caseOf[tms.Trailer](), caseOf[tms.Page[tms.Trailer]](), caseOf[map[int64][]tms.DocumentType](), caseOf[int](),
}

// TestDeepCopyReachesEveryReference fills every field of every cached type (two elements in
// each slice and map, every pointer set), copies it and checks that the copy equals the
// original and shares no slice, map or pointer with it; and that no cached type holds what
// deepCopy cannot copy (an interface, a func, a channel, a reference in an unexported field).
// A field added to tms.Load or the master records is covered without touching this test.
func TestDeepCopyReachesEveryReference(t *testing.T) {
	for _, c := range cachedTypes {
		typ := c.typ
		t.Run(typ.String(), func(t *testing.T) {
			checkCopyable(t, typ, typ.String())
			orig := reflect.New(typ).Elem()
			fill(orig, 1)
			copied := reflect.ValueOf(c.copy(orig.Interface()))
			if !reflect.DeepEqual(orig.Interface(), copied.Interface()) {
				t.Fatalf("the copy differs:\n%#v\n%#v", orig.Interface(), copied.Interface())
			}
			if path := sharedReference(orig, copied, typ.String()); path != "" {
				t.Fatalf("the copy shares %s with the original", path)
			}
		})
	}
}

// checkCopyable fails for what deepCopy would share instead of copying.
func checkCopyable(t *testing.T, typ reflect.Type, path string) {
	t.Helper()
	switch typ.Kind() {
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		t.Errorf("%s is a %s: deepCopy would share it", path, typ.Kind())
	case reflect.Pointer, reflect.Slice, reflect.Array:
		checkCopyable(t, typ.Elem(), path+"[]")
	case reflect.Map:
		checkCopyable(t, typ.Key(), path+"{key}")
		checkCopyable(t, typ.Elem(), path+"{}")
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			return // its location pointer is shared and never changes
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() && copyPlanOf(f.Type).refs {
				t.Errorf("%s.%s is unexported and holds references: deepCopy would share them", path, f.Name)
			}
			checkCopyable(t, f.Type, path+"."+f.Name)
		}
	}
}

// fill sets every exported field reachable from v to a value derived from seed.
func fill(v reflect.Value, seed int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+seed)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(seed + 6))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(seed + 6))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), seed+i)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, seed+i)
			fill(e, seed+i)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 7+seed, 14, 0, 0, 0, time.UTC)))
			return
		}
		if v.Type() == reflect.TypeFor[tms.Date]() {
			v.Set(reflect.ValueOf(tms.DateOf(time.Date(2026, 12, 7+seed, 0, 0, 0, 0, time.UTC))))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), seed+i)
			}
		}
	}
}

// sharedReference names the first slice, map or pointer a and b share, or "".
func sharedReference(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			return path
		}
	}
	switch a.Kind() {
	case reflect.Pointer:
		if !a.IsNil() {
			return sharedReference(a.Elem(), b.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := range a.Len() {
			if p := sharedReference(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Map:
		for it := a.MapRange(); it.Next(); {
			if p := sharedReference(it.Value(), b.MapIndex(it.Key()), path+"{}"); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				if p := sharedReference(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// TestCacheKeysSeeEveryArgument: two filters that differ in any one field have different
// keys, so no read is answered with another filter's rows (another customer's loads, another
// driver's); and the filters hold nothing %#v writes as an address.
func TestCacheKeysSeeEveryArgument(t *testing.T) {
	for _, zero := range []any{tms.LoadFilter{}, tms.MasterFilter{}} {
		typ := reflect.TypeOf(zero)
		t.Run(typ.String(), func(t *testing.T) {
			checkKeyable(t, typ, typ.String())
			for i := range typ.NumField() {
				one, other := reflect.New(typ).Elem(), reflect.New(typ).Elem()
				fill(one.Field(i), 1)
				fill(other.Field(i), 2)
				keys := []string{cacheKey("r", zero), cacheKey("r", one.Interface()), cacheKey("r", other.Interface())}
				if keys[0] == keys[1] || keys[1] == keys[2] || keys[0] == keys[2] {
					t.Errorf("field %s: keys %q do not tell the filters apart", typ.Field(i).Name, keys)
				}
			}
		})
	}
	if cacheKey("Load", int64(1)) == cacheKey("Load", int64(12)) || cacheKey("LoadSummaries", tms.LoadFilter{}, true) == cacheKey("LoadSummaries", tms.LoadFilter{}, false) {
		t.Error("keys of other arguments are equal")
	}
}

func checkKeyable(t *testing.T, typ reflect.Type, path string) {
	t.Helper()
	switch typ.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		t.Errorf("%s is a %s: its key would not be its value", path, typ.Kind())
	case reflect.Slice, reflect.Array:
		checkKeyable(t, typ.Elem(), path+"[]")
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			return // %#v writes the instant and the zone's name
		}
		for i := range typ.NumField() {
			checkKeyable(t, typ.Field(i).Type, path+"."+typ.Field(i).Name)
		}
	}
}

// TestReadCacheForgetsOnEveryOtherVersion: an answer is given only at the version it was kept
// at, and once another version was seen — higher (a change) or lower (a database restored under
// the server, whose counter climbs back) — it is never given again.
func TestReadCacheForgetsOnEveryOtherVersion(t *testing.T) {
	for _, other := range []int64{501, 300} {
		c := newReadCache()
		c.put(500, "k", "kept at 500", 1)
		if v, ok := c.get(500, "k"); !ok || v != "kept at 500" {
			t.Fatalf("at 500: %v, %v", v, ok)
		}
		if _, ok := c.get(other, "k"); ok {
			t.Fatalf("at %d the answer kept at 500 was given", other)
		}
		if _, ok := c.get(500, "k"); ok {
			t.Fatalf("back at 500 after %d, the old answer came back", other)
		}
	}
	c := newReadCache()
	c.put(1, "big", "x", readCacheItems)
	if c.put(1, "more", "y", 1); len(c.entries) != 1 {
		t.Fatalf("a full cache kept %d answers", len(c.entries))
	}
}

// TestReadCacheKeepsNewerAnswers: an answer read at an older version than the cache holds is
// not kept, and does not empty the newer answers.
func TestReadCacheKeepsNewerAnswers(t *testing.T) {
	c := newReadCache()
	c.put(7, "new", "at 7", 1)
	c.put(6, "old", "at 6", 1)
	if _, ok := c.get(7, "new"); !ok {
		t.Fatal("an older answer emptied the newer ones")
	}
	if _, ok := c.entries["old"]; ok {
		t.Fatal("an answer older than the cache was kept")
	}
}

// TestDeepCopyFirstUseFromManyGoroutines: the first copies of a type, made at once by many
// requests, all copy it whole (a copy plan is never read half built; -race checks the rest).
func TestDeepCopyFirstUseFromManyGoroutines(t *testing.T) {
	type inner struct{ Notes []string }
	type fresh struct { // a type no other test copies, so its plan is built here
		Items []inner
		Next  *inner
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			orig := fresh{Items: []inner{{Notes: []string{"a"}}}, Next: &inner{Notes: []string{"b"}}}
			cp := deepCopy(orig)
			if path := sharedReference(reflect.ValueOf(orig), reflect.ValueOf(cp), "fresh"); path != "" {
				t.Errorf("the copy shares %s", path)
			}
		})
	}
	wg.Wait()
}
