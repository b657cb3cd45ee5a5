package geocode

import (
	"fmt"
	"sync"
	"time"

	"github.com/ringsaturn/tzf"
	tzfrellite "github.com/ringsaturn/tzf-rel-lite"
	pb "github.com/ringsaturn/tzf/gen/go/tzf/v1"
	"google.golang.org/protobuf/proto"

	"github.com/anditms/tms/internal/tms"
)

// The zone finders, built on first use: the coarse tile index (about a second, 8 MB) answers
// almost everywhere; the polygons (seconds, 20 MB) only where a tile straddles a border or
// lies off the coast.
var (
	tileFinder = sync.OnceValue(func() tzf.F {
		return mustFinder(func() (tzf.F, error) {
			in := &pb.PreindexTimezones{}
			if err := proto.Unmarshal(tzfrellite.PreindexData, in); err != nil {
				return nil, err
			}
			return tzf.NewFuzzyFinderFromPB(in)
		})
	})
	polygonFinder = sync.OnceValue(func() tzf.F {
		return mustFinder(func() (tzf.F, error) {
			in := &pb.CompressedTimezones{}
			if err := proto.Unmarshal(tzfrellite.LiteCompressData, in); err != nil {
				return nil, err
			}
			return tzf.NewFinderFromCompressed(in, tzf.SetDropPBTZ)
		})
	})
)

// mustFinder builds a finder from the data compiled into the binary: failing is a broken build.
func mustFinder(build func() (tzf.F, error)) tzf.F {
	f, err := build()
	if err != nil {
		panic(fmt.Sprintf("geocode: time zone data: %v", err))
	}
	return f
}

// ZoneAt is the IANA time zone at a position ("" where the data knows none).
func ZoneAt(lat, lon float64) string {
	if name := tileFinder().GetTimezoneName(lon, lat); name != "" {
		return name
	}
	return polygonFinder().GetTimezoneName(lon, lat)
}

// CheckZone refuses a facility whose time zone keeps other clocks than the zone at its
// coordinates (Denver with Asia/Tokyo): its appointments would be hours off. Zones that keep
// the same clocks (America/Detroit for America/New_York) agree.
func CheckZone(f tms.Facility) error {
	found := ZoneAt(f.Lat, f.Lon)
	if found == "" || found == f.TimeZone || sameClocks(found, f.TimeZone, time.Now()) {
		return nil
	}
	return &tms.Error{Code: tms.CodeInvalid, Message: "the time zone does not match the position",
		Fields: map[string]string{"time_zone": fmt.Sprintf("is %s, but %.4f, %.4f lies in %s: fix the zone or the position",
			f.TimeZone, f.Lat, f.Lon, found)}}
}

// sameClocks reports whether zones a and b show the same UTC offset in winter and summer of
// the year of now.
func sameClocks(a, b string, now time.Time) bool {
	la, lb := tms.Zone(a), tms.Zone(b)
	for _, month := range []time.Month{time.January, time.July} {
		t := time.Date(now.Year(), month, 15, 12, 0, 0, 0, time.UTC)
		_, oa := t.In(la).Zone()
		_, ob := t.In(lb).Zone()
		if oa != ob {
			return false
		}
	}
	return true
}
