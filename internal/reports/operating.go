package reports

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Metrics are the operating numbers of a set of loads. Ratios are integers: revenue per loaded
// mile in cents, deadhead and on-time service in basis points (87.50% is 8750), each rounded
// half up and 0 when there is nothing to divide by.
type Metrics struct {
	Loads               int       `json:"loads"`
	RevenueCents        tms.Cents `json:"revenue_cents"`
	LoadedMilesTenths   int64     `json:"loaded_miles_tenths"`
	EmptyMilesTenths    int64     `json:"empty_miles_tenths"`
	RevenuePerMileCents tms.Cents `json:"revenue_per_mile_cents"` // revenue / loaded miles
	DeadheadBP          int64     `json:"deadhead_bp"`            // empty / (loaded + empty)
	PickupsOnTime       int       `json:"pickups_on_time"`
	Pickups             int       `json:"pickups"`
	DeliveriesOnTime    int       `json:"deliveries_on_time"`
	Deliveries          int       `json:"deliveries"`
	OnTimePickupBP      int64     `json:"on_time_pickup_bp"`
	OnTimeDeliveryBP    int64     `json:"on_time_delivery_bp"`
}

// Group is the metrics of one customer or one driver.
type Group struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Metrics
}

// TruckWeek is what one truck earned in one week (Monday to Sunday, UTC).
type TruckWeek struct {
	TruckID      int64     `json:"truck_id"`
	Unit         string    `json:"unit"`
	Week         tms.Date  `json:"week"` // the Monday
	RevenueCents tms.Cents `json:"revenue_cents"`
	Loads        int       `json:"loads"`
}

// Operating is the operating report over a date range.
type Operating struct {
	From        tms.Date    `json:"from"`
	To          tms.Date    `json:"to"`
	Overall     Metrics     `json:"overall"`
	ByCustomer  []Group     `json:"by_customer"`
	ByDriver    []Group     `json:"by_driver"`
	ByTruckWeek []TruckWeek `json:"by_truck_week"`
}

// OperatingInput is what OperatingReport reads. The caller selects the loads (delivered,
// invoiced or paid in [From, To]); From and To are only carried into the report.
type OperatingInput struct {
	Loads            []tms.Load
	EmptyMilesTenths map[int64]int64 // by load id, from EmptyMiles
	CustomerNames    map[int64]string
	DriverNames      map[int64]string
	TruckUnits       map[int64]string
	From, To         tms.Date
}

// OperatingReport computes the metrics overall, per customer and per driver, and the revenue of
// each truck per week. Loaded miles are the loads' planned miles. A stop is on time when the
// truck arrived no later than the appointment end; stops without an arrival are not counted.
// A load is credited to its driver, not its co-driver, and left out of the driver and truck
// groups when it has none. A truck's week is the Monday (UTC) of the last delivery's arrival,
// or of its appointment end when no arrival was recorded. Groups are sorted by name, then id;
// truck weeks by unit, truck id and week.
func OperatingReport(in OperatingInput) Operating {
	customers, drivers, weeks := groups{}, groups{}, truckWeeks{}
	var overall Metrics
	for i := range in.Loads {
		l := &in.Loads[i]
		empty := in.EmptyMilesTenths[l.ID]
		overall.add(l, empty)
		customers.add(l.CustomerID, in.CustomerNames, l, empty)
		if l.DriverID != nil {
			drivers.add(*l.DriverID, in.DriverNames, l, empty)
		}
		weeks.add(l, in.TruckUnits)
	}
	overall.finish()
	return Operating{From: in.From, To: in.To, Overall: overall,
		ByCustomer: customers.sorted(), ByDriver: drivers.sorted(), ByTruckWeek: weeks.sorted()}
}

func (m *Metrics) add(l *tms.Load, emptyTenths int64) {
	m.Loads++
	m.RevenueCents += l.TotalCents
	m.LoadedMilesTenths += tms.MilesTenths(l.PlannedMiles)
	m.EmptyMilesTenths += emptyTenths
	for _, s := range l.Stops {
		m.addStop(s)
	}
}

func (m *Metrics) addStop(s tms.Stop) {
	if s.ArrivedAt == nil {
		return
	}
	onTime := 0
	if !s.ArrivedAt.After(s.AppointmentEnd) {
		onTime = 1
	}
	switch s.Kind {
	case tms.StopPickup:
		m.Pickups++
		m.PickupsOnTime += onTime
	case tms.StopDelivery:
		m.Deliveries++
		m.DeliveriesOnTime += onTime
	}
}

// finish computes the ratios from the sums.
func (m *Metrics) finish() {
	m.RevenuePerMileCents = tms.Cents(ratio(int64(m.RevenueCents), tms.TenthsPerMile, m.LoadedMilesTenths))
	m.DeadheadBP = ratio(m.EmptyMilesTenths, 100*tms.BasisPoints, m.LoadedMilesTenths+m.EmptyMilesTenths)
	m.OnTimePickupBP = ratio(int64(m.PickupsOnTime), 100*tms.BasisPoints, int64(m.Pickups))
	m.OnTimeDeliveryBP = ratio(int64(m.DeliveriesOnTime), 100*tms.BasisPoints, int64(m.Deliveries))
}

// ratio is a*scale/d rounded half up, 0 when d is 0.
func ratio(a, scale, d int64) int64 {
	if d == 0 {
		return 0
	}
	return tms.MulDivRound(a, scale, d)
}

type groups map[int64]*Group

func (g groups) add(id int64, names map[int64]string, l *tms.Load, emptyTenths int64) {
	if g[id] == nil {
		g[id] = &Group{ID: id, Name: names[id]}
	}
	g[id].add(l, emptyTenths)
}

func (g groups) sorted() []Group {
	out := make([]Group, 0, len(g))
	for _, grp := range g {
		grp.finish()
		out = append(out, *grp)
	}
	slices.SortFunc(out, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

type weekKey struct {
	truck int64
	week  tms.Date
}

type truckWeeks map[weekKey]*TruckWeek

func (w truckWeeks) add(l *tms.Load, units map[int64]string) {
	at, ok := deliveredAt(l)
	if l.TruckID == nil || !ok {
		return
	}
	k := weekKey{*l.TruckID, monday(at)}
	if w[k] == nil {
		w[k] = &TruckWeek{TruckID: k.truck, Unit: units[k.truck], Week: k.week}
	}
	w[k].RevenueCents += l.TotalCents
	w[k].Loads++
}

func (w truckWeeks) sorted() []TruckWeek {
	out := make([]TruckWeek, 0, len(w))
	for _, tw := range w {
		out = append(out, *tw)
	}
	slices.SortFunc(out, func(a, b TruckWeek) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.TruckID, b.TruckID),
			a.Week.Time().Compare(b.Week.Time()))
	})
	return out
}

// deliveredAt is when the load's last delivery was made: its arrival, else its appointment end.
func deliveredAt(l *tms.Load) (time.Time, bool) {
	for i := len(l.Stops) - 1; i >= 0; i-- {
		if s := l.Stops[i]; s.Kind == tms.StopDelivery {
			if s.ArrivedAt != nil {
				return *s.ArrivedAt, true
			}
			return s.AppointmentEnd, true
		}
	}
	return time.Time{}, false
}

// monday is the Monday on or before t's UTC date.
func monday(t time.Time) tms.Date {
	t = t.UTC()
	return tms.DateOf(t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)))
}

// EmptyMiles is each load's deadhead in tenths of a mile: the route from where its truck's
// previous load ended (the last stop's facility) to where this load starts (the first stop's
// facility). A truck's loads are ordered by their first appointment start; the first load of each
// truck, loads without a truck and loads without stops have 0. To count the empty miles into the
// first load of a range, include the load before it. facilities must hold every stop facility.
func EmptyMiles(ctx context.Context, router tms.Router, loads []tms.Load, facilities map[int64]tms.Facility) (map[int64]int64, error) {
	empty := make(map[int64]int64, len(loads))
	for i := range loads {
		empty[loads[i].ID] = 0
	}
	for _, run := range truckRuns(loads) {
		for i := 1; i < len(run); i++ {
			tenths, err := deadhead(ctx, router, run[i-1], run[i], facilities)
			if err != nil {
				return nil, err
			}
			empty[run[i].ID] = tenths
		}
	}
	return empty, nil
}

// truckRuns groups the loads with a truck and stops by truck (in truck id order), each group in
// the order the truck hauled them.
func truckRuns(loads []tms.Load) [][]*tms.Load {
	byTruck := map[int64][]*tms.Load{}
	for i := range loads {
		if l := &loads[i]; l.TruckID != nil && len(l.Stops) > 0 {
			byTruck[*l.TruckID] = append(byTruck[*l.TruckID], l)
		}
	}
	runs := make([][]*tms.Load, 0, len(byTruck))
	for _, truck := range slices.Sorted(maps.Keys(byTruck)) {
		run := byTruck[truck]
		slices.SortFunc(run, func(a, b *tms.Load) int {
			return cmp.Or(a.Stops[0].AppointmentStart.Compare(b.Stops[0].AppointmentStart), cmp.Compare(a.ID, b.ID))
		})
		runs = append(runs, run)
	}
	return runs
}

// deadhead routes from prev's last stop to next's first stop, in tenths of a mile.
func deadhead(ctx context.Context, router tms.Router, prev, next *tms.Load, facilities map[int64]tms.Facility) (int64, error) {
	fromID, toID := prev.Stops[len(prev.Stops)-1].FacilityID, next.Stops[0].FacilityID
	if fromID == toID {
		return 0, nil
	}
	from, okFrom := facilities[fromID]
	to, okTo := facilities[toID]
	if !okFrom || !okTo {
		return 0, fmt.Errorf("empty miles to load %s: facility %d or %d is not in the map", next.Number, fromID, toID)
	}
	r, err := router.Route(ctx, []tms.Point{from.Point(), to.Point()})
	if err != nil {
		return 0, fmt.Errorf("empty miles to load %s: %w", next.Number, err)
	}
	return tms.MilesTenths(tms.MetersToMiles(r.Meters)), nil
}
