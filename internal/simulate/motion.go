package simulate

import (
	"math"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// demoCities are where trucks drive when the simulator has no API token to read the
// server's facilities: a few freight hubs of the demo data set.
var demoCities = []tms.Point{
	{Lat: 32.7767, Lon: -96.7970},  // Dallas
	{Lat: 29.7604, Lon: -95.3698},  // Houston
	{Lat: 35.1495, Lon: -90.0490},  // Memphis
	{Lat: 36.1627, Lon: -86.7816},  // Nashville
	{Lat: 33.7490, Lon: -84.3880},  // Atlanta
	{Lat: 39.0997, Lon: -94.5786},  // Kansas City
	{Lat: 35.4676, Lon: -97.5164},  // Oklahoma City
	{Lat: 41.8781, Lon: -87.6298},  // Chicago
	{Lat: 39.7684, Lon: -86.1581},  // Indianapolis
	{Lat: 29.4241, Lon: -98.4936},  // San Antonio
	{Lat: 35.2271, Lon: -80.8431},  // Charlotte
	{Lat: 38.2527, Lon: -85.7585},  // Louisville
	{Lat: 30.3322, Lon: -81.6557},  // Jacksonville
	{Lat: 40.7608, Lon: -111.8910}, // Salt Lake City
}

// state is where a truck is, how fast it goes and where it heads.
type state struct {
	at       tms.Point
	speedMPH float64
	heading  float64
}

// leg is one drive between two stops, then the dwell at the second.
type leg struct {
	from, to tms.Point
	drive    time.Duration
	dwell    time.Duration
	heading  float64
}

// route is a truck's drive through its stops in simulated time: an endless loop (the fleet
// of sim-i devices), or a journey that ends parked at its last point (the trucks of loads).
type route struct {
	legs     []leg
	cycle    time.Duration
	offset   time.Duration
	speedMPH float64
	once     bool
}

// newRoute drives from stop to stop at speed along great circles, parking dwell at each, and
// back to the first; phase (0..1) is where in the loop the truck starts.
func newRoute(stops []tms.Point, speedMPH float64, dwell time.Duration, phase float64) route {
	r := route{speedMPH: speedMPH}
	for i, a := range stops {
		r.add(a, stops[(i+1)%len(stops)], dwell)
	}
	r.cycle = max(r.cycle, time.Second)
	r.offset = time.Duration(phase * float64(r.cycle))
	return r
}

// add appends the drive from a to b and the dwell at b.
func (r *route) add(a, b tms.Point, dwell time.Duration) {
	secs := tms.MetersToMiles(tms.DistanceMeters(a, b)) / r.speedMPH * 3600
	l := leg{from: a, to: b, drive: time.Duration(secs * float64(time.Second)), dwell: dwell, heading: bearing(a, b)}
	r.legs = append(r.legs, l)
	r.cycle += l.drive + l.dwell
}

// at is the truck's state t of simulated time after the start.
func (r route) at(t time.Duration) state {
	if r.once && t >= r.cycle {
		return r.end()
	}
	t = (t + r.offset) % max(r.cycle, 1)
	for _, l := range r.legs {
		if t < l.drive {
			return state{interpolate(l.from, l.to, float64(t)/float64(l.drive)), r.speedMPH, l.heading}
		}
		t -= l.drive
		if t < l.dwell {
			return state{l.to, 0, l.heading}
		}
		t -= l.dwell
	}
	return r.end()
}

// end is the truck parked at the route's last point.
func (r route) end() state {
	last := r.legs[len(r.legs)-1]
	return state{last.to, 0, last.heading}
}

// itinerary gives truck i an out-and-back between two different stops, spreading the trucks
// over the pairs.
func itinerary(stops []tms.Point, i int) []tms.Point {
	n := len(stops)
	a := i % n
	b := (a + 1 + (i/n)%(n-1)) % n
	return []tms.Point{stops[a], stops[b]}
}

// phase spreads trucks along their loops (golden-ratio steps).
func phase(i int) float64 {
	_, f := math.Modf(float64(i) * 0.6180339887)
	return f
}

func rad(d float64) float64 { return d * math.Pi / 180 }
func deg(r float64) float64 { return r * 180 / math.Pi }

// interpolate is the point a fraction f of the way from a to b along the great circle.
func interpolate(a, b tms.Point, f float64) tms.Point {
	va, vb := unit(a), unit(b)
	omega := math.Acos(math.Max(-1, math.Min(1, va[0]*vb[0]+va[1]*vb[1]+va[2]*vb[2])))
	if omega < 1e-12 {
		return a
	}
	wa, wb := math.Sin((1-f)*omega)/math.Sin(omega), math.Sin(f*omega)/math.Sin(omega)
	x, y, z := wa*va[0]+wb*vb[0], wa*va[1]+wb*vb[1], wa*va[2]+wb*vb[2]
	return tms.Point{Lat: deg(math.Atan2(z, math.Hypot(x, y))), Lon: deg(math.Atan2(y, x))}
}

func unit(p tms.Point) [3]float64 {
	lat, lon := rad(p.Lat), rad(p.Lon)
	return [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

// bearing is the initial compass heading from a to b, 0..360 degrees.
func bearing(a, b tms.Point) float64 {
	la, lb, dl := rad(a.Lat), rad(b.Lat), rad(b.Lon-a.Lon)
	y := math.Sin(dl) * math.Cos(lb)
	x := math.Cos(la)*math.Sin(lb) - math.Sin(la)*math.Cos(lb)*math.Cos(dl)
	return math.Mod(deg(math.Atan2(y, x))+360, 360)
}
