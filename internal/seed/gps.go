package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// DevicePrefix starts the unique id of every demo tracker: the phone riding in truck T-101
// reports as demo-T-101.
const DevicePrefix = "demo-"

// Spacing of the demo GPS history: a fix every few minutes on the road, fewer at a dock.
const (
	driveFixEvery = 5 * time.Minute
	dockFixEvery  = 10 * time.Minute
	approachTime  = 30 * time.Minute
)

// addTrackers gives every demo truck a phone running Traccar Client.
func (f *fleet) addTrackers(ctx context.Context, s tms.Store) error {
	for _, t := range f.trucks {
		d := tms.Device{UniqueID: DevicePrefix + t.UnitNumber, Name: "Driver phone in " + t.UnitNumber, TruckID: &t.ID, Active: true}
		if err := s.CreateDevice(ctx, &d); err != nil {
			return fmt.Errorf("tracker of %s: %w", t.UnitNumber, err)
		}
		f.trackers = append(f.trackers, d)
	}
	return nil
}

// addTracks stores the GPS history each completed load was delivered with: the approach to
// the pickup, the wait at its dock, the drive and the wait at the receiver, matching the
// arrivals and departures recorded for it (the detained load's long wait is its evidence).
func addTracks(ctx context.Context, s tms.Store, f *fleet, loads []booked) error {
	for _, b := range loads {
		if !b.completed() || b.load.TruckID == nil {
			continue
		}
		if _, err := s.SavePositions(ctx, b.track(f.trackerOf(*b.load.TruckID))); err != nil {
			return fmt.Errorf("GPS history of %s: %w", b.load.Number, err)
		}
	}
	return nil
}

func (f *fleet) trackerOf(truckID int64) tms.Device {
	for _, d := range f.trackers {
		if *d.TruckID == truckID {
			return d
		}
	}
	return tms.Device{}
}

// track is the fixes of a delivered trip from its four stop events.
func (b booked) track(d tms.Device) []tms.Position {
	ev := b.stopEvents()
	from, to := b.origin.Point(), b.dest.Point()
	approach := tms.Point{Lat: from.Lat + 0.25, Lon: from.Lon} // about 17 miles north of the pickup
	var ps []tms.Position
	fix := func(at time.Time, p tms.Point, mph float64) {
		ps = append(ps, tms.Position{DeviceID: d.ID, TruckID: d.TruckID, FixTime: at.UTC(), ReceivedAt: at.UTC(),
			Lat: p.Lat, Lon: p.Lon, SpeedMPH: &mph})
	}
	drive(ev[0].at.Add(-approachTime), ev[0].at, approach, from, fix)
	park(ev[0].at, ev[1].at, from, fix)
	drive(ev[1].at, ev[2].at, from, to, fix)
	park(ev[2].at, ev[3].at, to, fix)
	drive(ev[3].at, ev[3].at.Add(approachTime), to, tms.Point{Lat: to.Lat - 0.25, Lon: to.Lon}, fix)
	return ps
}

// drive reports positions on the straight line from a to b between two times.
func drive(start, end time.Time, a, b tms.Point, fix func(time.Time, tms.Point, float64)) {
	span := end.Sub(start)
	mph := tms.MetersToMiles(tms.DistanceMeters(a, b)) / span.Hours()
	for t := start; t.Before(end); t = t.Add(driveFixEvery) {
		f := float64(t.Sub(start)) / float64(span)
		fix(t, tms.Point{Lat: a.Lat + (b.Lat-a.Lat)*f, Lon: a.Lon + (b.Lon-a.Lon)*f}, mph)
	}
}

// park reports the truck standing at p from start until end, the first fix a minute in.
func park(start, end time.Time, p tms.Point, fix func(time.Time, tms.Point, float64)) {
	for t := start.Add(time.Minute); t.Before(end); t = t.Add(dockFixEvery) {
		fix(t, p, 0)
	}
}
