package sqlstore

import (
	"reflect"
	"sync"
)

// deepCopy returns v with every slice, map and pointer reachable through exported fields
// copied, so the caller may change the copy without touching v: the read cache keeps one value
// and hands out copies. Unexported fields are copied as values (time.Time's location is shared,
// and it never changes); TestDeepCopyReachesEveryReference walks the types the cache holds so
// a field the copy would share fails there.
func deepCopy[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	if !copyPlanOf(src.Type()).refs {
		return v
	}
	dst := reflect.New(src.Type()).Elem()
	copyInto(dst, src)
	return dst.Interface().(T)
}

// copyPlan is what copying a type needs: whether it holds references at all, and for a
// struct, the fields that do.
type copyPlan struct {
	refs   bool
	fields []int
}

var copyPlans sync.Map // reflect.Type -> *copyPlan, each published complete

func copyPlanOf(t reflect.Type) *copyPlan {
	if p, ok := copyPlans.Load(t); ok {
		return p.(*copyPlan)
	}
	building := map[reflect.Type]*copyPlan{}
	buildCopyPlan(t, building)
	for bt, p := range building { // published only now: a plan being filled in is never read by another goroutine
		copyPlans.LoadOrStore(bt, p)
	}
	p, _ := copyPlans.Load(t)
	return p.(*copyPlan)
}

// buildCopyPlan plans t and the types inside it into building. A type met again while its own
// plan is being built (a recursive type) is reached through a pointer, slice or map, which
// holds references by itself, so its unfinished plan is never what decides.
func buildCopyPlan(t reflect.Type, building map[reflect.Type]*copyPlan) *copyPlan {
	if p, ok := copyPlans.Load(t); ok {
		return p.(*copyPlan)
	}
	if p, ok := building[t]; ok {
		return p
	}
	p := &copyPlan{}
	building[t] = p
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		p.refs = true
		buildCopyPlan(t.Elem(), building)
	case reflect.Array:
		p.refs = buildCopyPlan(t.Elem(), building).refs
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && buildCopyPlan(f.Type, building).refs {
				p.fields = append(p.fields, i)
			}
		}
		p.refs = len(p.fields) > 0
	}
	return p
}

// copyInto sets dst, settable and of src's type, to a deep copy of src.
func copyInto(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(src.Type().Elem())
		copyInto(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if copyPlanOf(src.Type().Elem()).refs {
			for i := range src.Len() {
				copyInto(s.Index(i), src.Index(i))
			}
		} else {
			reflect.Copy(s, src)
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			val := reflect.New(src.Type().Elem()).Elem()
			copyInto(val, it.Value())
			m.SetMapIndex(it.Key(), val)
		}
		dst.Set(m)
	case reflect.Struct:
		dst.Set(src)
		for _, i := range copyPlanOf(src.Type()).fields {
			copyInto(dst.Field(i), src.Field(i))
		}
	case reflect.Array:
		for i := range src.Len() {
			copyInto(dst.Index(i), src.Index(i))
		}
	default:
		dst.Set(src)
	}
}
