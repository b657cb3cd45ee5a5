package tms

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// References are the numbers a load is known by at the customer and the docks.
type References struct {
	BOL          string `json:"bol,omitempty"`
	PO           string `json:"po,omitempty"`
	Pickup       string `json:"pickup,omitempty"`
	CustomerLoad string `json:"customer_load,omitempty"`
}

// Get returns the reference of a kind from ReferenceKinds.
func (r References) Get(kind string) string {
	return map[string]string{"bol": r.BOL, "po": r.PO, "pickup": r.Pickup, "customer_load": r.CustomerLoad}[kind]
}

// Hazmat describes hazardous materials on a load.
type Hazmat struct {
	UNNumber     string `json:"un_number"`
	Class        string `json:"class"`
	PackingGroup string `json:"packing_group,omitempty"`
}

// ChargeKinds are the lines a load's rate is made of.
var ChargeKinds = []string{"linehaul", "fuel_surcharge", "detention", "layover", "lumper", "stop_off", "tonu", "driver_assist", "other"}

// Charge is one line of what the customer pays for a load.
type Charge struct {
	Kind        string `json:"kind"`
	Description string `json:"description,omitempty"`
	AmountCents Cents  `json:"amount_cents"`
	// StopID ties an accessorial (detention) to the stop it was measured at.
	StopID *int64 `json:"stop_id,omitempty"`
	// FuelIndex is the diesel price a fuel surcharge was computed from.
	FuelIndex *FuelIndex `json:"fuel_index,omitempty"`
}

// StopKind says whether freight is picked up or delivered.
type StopKind string

// Stop kinds.
const (
	StopPickup   StopKind = "pickup"
	StopDelivery StopKind = "delivery"
)

// StopStatus tracks a truck at a stop.
type StopStatus string

// Stop statuses.
const (
	StopPending  StopStatus = "pending"
	StopArrived  StopStatus = "arrived"
	StopDeparted StopStatus = "departed"
	// StopMissed: the truck was seen at a later stop without an arrival here (a GPS gap, or
	// it did not call); the gap's evidence is on the stop_missed event. It never blocks the
	// stops after it, and an arrival recorded later replaces it.
	StopMissed StopStatus = "missed"
)

// Stop is one pickup or delivery of a load. Times are stored in UTC and shown in the
// facility's time zone.
type Stop struct {
	ID               int64      `json:"id"`
	Seq              int        `json:"seq"`
	Kind             StopKind   `json:"kind"`
	FacilityID       int64      `json:"facility_id"`
	AppointmentStart time.Time  `json:"appointment_start"`
	AppointmentEnd   time.Time  `json:"appointment_end"`
	References       string     `json:"references,omitempty"`
	Status           StopStatus `json:"status"`
	ArrivedAt        *time.Time `json:"arrived_at,omitempty"`
	DepartedAt       *time.Time `json:"departed_at,omitempty"`
	Notes            string     `json:"notes,omitempty"`
}

// Dwell is the time between arrival and departure, zero until both are known.
func (s Stop) Dwell() time.Duration {
	if s.ArrivedAt == nil || s.DepartedAt == nil {
		return 0
	}
	return s.DepartedAt.Sub(*s.ArrivedAt)
}

// Assignment is who and what moves a load.
type Assignment struct {
	DriverID   *int64 `json:"driver_id,omitempty"`
	CoDriverID *int64 `json:"co_driver_id,omitempty"`
	TruckID    *int64 `json:"truck_id,omitempty"`
	TrailerID  *int64 `json:"trailer_id,omitempty"`
}

// Load is a shipment hauled for a customer.
type Load struct {
	Meta
	Number        string     `json:"number"`
	CustomerID    int64      `json:"customer_id"`
	Status        LoadStatus `json:"status"`
	HoldFrom      LoadStatus `json:"hold_from,omitempty"`
	References    References `json:"references"`
	Commodity     string     `json:"commodity"`
	WeightLb      int        `json:"weight_lb"`
	Pieces        int        `json:"pieces"`
	EquipmentType string     `json:"equipment_type"`
	TempMinF      *int       `json:"temp_min_f,omitempty"`
	TempMaxF      *int       `json:"temp_max_f,omitempty"`
	Hazmat        *Hazmat    `json:"hazmat,omitempty"`
	Charges       []Charge   `json:"charges"`
	TotalCents    Cents      `json:"total_cents"`
	PlannedMiles  float64    `json:"planned_miles"`
	MilesManual   bool       `json:"miles_manual"`
	Assignment
	Stops []Stop `json:"stops"`
	Notes string `json:"notes"`
}

// Window is the span from the first appointment start to the last appointment end.
func (l *Load) Window() (time.Time, time.Time) {
	if len(l.Stops) == 0 {
		return time.Time{}, time.Time{}
	}
	return l.Stops[0].AppointmentStart, l.Stops[len(l.Stops)-1].AppointmentEnd
}

// Total sums the charge lines.
func (l *Load) Total() Cents {
	var t Cents
	for _, c := range l.Charges {
		t += c.AmountCents
	}
	return t
}

// NextStop returns the index of the first stop neither departed nor missed, or -1.
func (l *Load) NextStop() int {
	return slices.IndexFunc(l.Stops, func(s Stop) bool { return s.Status != StopDeparted && s.Status != StopMissed })
}

// StopIndex returns the index of the stop with id, or -1.
func (l *Load) StopIndex(id int64) int {
	return slices.IndexFunc(l.Stops, func(s Stop) bool { return s.ID == id })
}

// Validate checks the load and its stops, fills defaults and recomputes the total.
func (l *Load) Validate() error {
	v := Validation{}
	if l.Status == "" {
		l.Status = StatusBooked
	}
	v.Check(l.Status.Valid(), "status", "is not a load status")
	v.Check(l.CustomerID > 0, "customer_id", "is required")
	v.Check(l.WeightLb >= 0 && l.WeightLb <= 200000, "weight_lb", "must be 0 to 200,000")
	v.Check(l.Pieces >= 0, "pieces", "must not be negative")
	v.Check(l.EquipmentType == "" || slices.Contains(TrailerTypes, l.EquipmentType), "equipment_type", "must be one of "+strings.Join(TrailerTypes, ", "))
	v.Check(l.TempMinF == nil || l.TempMaxF == nil || *l.TempMinF <= *l.TempMaxF, "temp_max_f", "must not be below temp_min_f")
	if l.Hazmat != nil {
		v.Check(len(l.Hazmat.UNNumber) == 6 && strings.HasPrefix(strings.ToUpper(l.Hazmat.UNNumber), "UN"), "hazmat.un_number", "must look like UN1203")
		v.Check(l.Hazmat.Class != "", "hazmat.class", "is required")
		v.Check(l.Hazmat.PackingGroup == "" || slices.Contains([]string{"I", "II", "III"}, l.Hazmat.PackingGroup), "hazmat.packing_group", "must be I, II or III")
	}
	v.Check(l.PlannedMiles >= 0 && l.PlannedMiles < 10000, "planned_miles", "must be 0 to 10,000")
	l.validateCharges(v)
	l.validateStops(v)
	l.TotalCents = l.Total()
	return v.Err()
}

func (l *Load) validateCharges(v Validation) {
	if l.Charges == nil {
		l.Charges = []Charge{}
	}
	for i, c := range l.Charges {
		field := fmt.Sprintf("charges[%d]", i)
		v.Check(slices.Contains(ChargeKinds, c.Kind), field+".kind", "must be one of "+strings.Join(ChargeKinds, ", "))
		v.Check(c.AmountCents > -100_000_000 && c.AmountCents < 100_000_000, field+".amount_cents", "is out of range")
	}
}

func (l *Load) validateStops(v Validation) {
	var pickups, deliveries int
	for i := range l.Stops {
		s := &l.Stops[i]
		s.Seq = i + 1
		if s.Status == "" {
			s.Status = StopPending
		}
		field := fmt.Sprintf("stops[%d]", i)
		switch s.Kind {
		case StopPickup:
			pickups++
		case StopDelivery:
			deliveries++
		default:
			v.Check(false, field+".kind", "must be pickup or delivery")
		}
		v.Check(s.FacilityID > 0, field+".facility_id", "is required")
		v.Check(!s.AppointmentStart.IsZero(), field+".appointment_start", "is required")
		v.Check(!s.AppointmentEnd.Before(s.AppointmentStart), field+".appointment_end", "must not be before the start")
		if i > 0 {
			v.Check(!s.AppointmentStart.Before(l.Stops[i-1].AppointmentStart), field+".appointment_start", "must not be before the previous stop's")
		}
	}
	v.Check(pickups > 0 && deliveries > 0, "stops", "need at least one pickup and one delivery")
	if len(l.Stops) > 0 {
		v.Check(l.Stops[0].Kind == StopPickup, "stops", "must start with a pickup")
		v.Check(l.Stops[len(l.Stops)-1].Kind == StopDelivery, "stops", "must end with a delivery")
	}
}

// EventType classifies a load event.
type EventType string

// Load event types.
const (
	EventCreated       EventType = "created"
	EventUpdated       EventType = "updated"
	EventStatus        EventType = "status_changed"
	EventAssigned      EventType = "assigned"
	EventUnassigned    EventType = "unassigned"
	EventStopArrived   EventType = "stop_arrived"
	EventStopDeparted  EventType = "stop_departed"
	EventStopMissed    EventType = "stop_missed"
	EventCheckCall     EventType = "check_call"
	EventStopCorrected EventType = "stop_corrected" // a recorded arrival or departure time changed, with the reason
	EventCreditWarning EventType = "credit_warning" // booked beyond the customer's credit limit; the note says by how much
)

// LoadEvent is one entry of a load's timeline.
type LoadEvent struct {
	ID         int64      `json:"id"`
	LoadID     int64      `json:"load_id"`
	At         time.Time  `json:"at"`
	Type       EventType  `json:"type"`
	Source     Source     `json:"source"`
	ActorID    *int64     `json:"actor_id,omitempty"`
	ActorEmail string     `json:"actor_email,omitempty"`
	FromStatus LoadStatus `json:"from_status,omitempty"`
	ToStatus   LoadStatus `json:"to_status,omitempty"`
	StopID     *int64     `json:"stop_id,omitempty"`
	Location   string     `json:"location,omitempty"`
	Lat        *float64   `json:"lat,omitempty"`
	Lon        *float64   `json:"lon,omitempty"`
	Note       string     `json:"note,omitempty"`
}

// LoadFilter selects loads for a list.
type LoadFilter struct {
	Statuses   []LoadStatus
	CustomerID int64
	DriverID   int64 // driver or co-driver
	TruckID    int64
	From, To   time.Time // loads whose window overlaps [From, To)
	// PickupFrom/PickupTo bound the first pickup's appointment start, DeliveryFrom/DeliveryTo
	// the last delivery's appointment end, each as [from, to); a zero bound is open.
	PickupFrom, PickupTo     time.Time
	DeliveryFrom, DeliveryTo time.Time
	Text                     string // load number (the carrier's PRO) or any reference: BOL, PO, pickup, customer load
	Page                     PageRequest
}

// LoadSorts are the fields a load list sorts by ("-" prefix for descending).
var LoadSorts = []string{"number", "status", "customer", "driver", "window_start", "window_end", "total_cents", "created_at"}

// ConflictQuery asks which active loads use any of the resources during a window.
type ConflictQuery struct {
	ExcludeLoadID int64
	DriverIDs     []int64
	TruckID       int64
	TrailerID     int64
	From, To      time.Time
}

// LoadRef names a load briefly, e.g. in a conflict message.
type LoadRef struct {
	ID     int64      `json:"id"`
	Number string     `json:"number"`
	Status LoadStatus `json:"status"`
	Assignment
	WindowStart time.Time `json:"window_start"`
	WindowEnd   time.Time `json:"window_end"`
}
