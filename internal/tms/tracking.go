package tms

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// SpeedUnits a device may send the query-form speed in; "kn" (knots) is the protocol default.
var SpeedUnits = []string{"kn", "kmh", "mps", "mph"}

// Device is a GPS source riding in a truck: a phone running Traccar Client or OsmAnd, a
// hardware tracker, an ELD feed. UniqueID is what the device sends as its id.
type Device struct {
	Meta
	UniqueID  string `json:"unique_id"`
	Name      string `json:"name"`
	TruckID   *int64 `json:"truck_id,omitempty"`
	DriverID  *int64 `json:"driver_id,omitempty"`
	SpeedUnit string `json:"speed_unit"`
	// Secret, when set, must appear in the ingest path (/osmand/{secret}). The API shows it
	// only in the response that created or changed it; reads show MaskedSecret.
	Secret string `json:"secret,omitempty"`
	Active bool   `json:"active"`
}

// Validate checks a device and fills the default speed unit.
func (d *Device) Validate() error {
	v := Validation{}
	d.UniqueID = strings.TrimSpace(d.UniqueID)
	d.Name = strings.TrimSpace(d.Name)
	v.Check(d.UniqueID != "" && len(d.UniqueID) <= 128, "unique_id", "is required (at most 128 characters)")
	v.Check(len(d.Name) <= 200, "name", "must be at most 200 characters")
	if d.SpeedUnit == "" {
		d.SpeedUnit = "kn"
	}
	v.Check(slices.Contains(SpeedUnits, d.SpeedUnit), "speed_unit", "must be one of "+strings.Join(SpeedUnits, ", "))
	v.Check(d.Secret == "" || (len(d.Secret) >= 8 && len(d.Secret) <= 128 && !strings.ContainsAny(d.Secret, "/?#% ")),
		"secret", "must be 8 to 128 characters without / ? # % or spaces")
	v.Check(d.TruckID == nil || *d.TruckID > 0, "truck_id", "must be a truck id")
	v.Check(d.DriverID == nil || *d.DriverID > 0, "driver_id", "must be a driver id")
	return v.Err()
}

// MaskedSecret is what reads show instead of the secret.
const MaskedSecret = "********"

// AuditView is the device as the audit log records it: the secret masked.
func (d *Device) AuditView() any {
	c := *d
	if c.Secret != "" {
		c.Secret = MaskedSecret
	}
	return &c
}

// Position is one GPS fix of a device, stored in UTC.
type Position struct {
	DeviceID   int64          `json:"device_id"`
	TruckID    *int64         `json:"truck_id,omitempty"`
	FixTime    time.Time      `json:"fix_time"`
	ReceivedAt time.Time      `json:"received_at"`
	Lat        float64        `json:"lat"`
	Lon        float64        `json:"lon"`
	SpeedMPH   *float64       `json:"speed_mph,omitempty"`
	Heading    *float64       `json:"heading,omitempty"`
	Altitude   *float64       `json:"altitude,omitempty"`
	Accuracy   *float64       `json:"accuracy,omitempty"`
	Battery    *float64       `json:"battery,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// Point returns the fix's position.
func (p Position) Point() Point { return Point{p.Lat, p.Lon} }

// Limits of a believable fix. DefaultMaxFixAhead is how far ahead of the server's clock a fix
// may be (clock skew of a phone or tracker) unless configured otherwise.
const (
	DefaultMaxFixAhead = 5 * time.Minute
	MaxSpeedMPH        = 200
	maxFixAltitude     = 1e5
)

// MinFixTime is the earliest believable fix (a GPS with a reset clock reports 1970 or 1980).
var MinFixTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Fix refusal reasons, also the label values of the refusal counter.
const (
	FixOutOfRange = "out_of_range"
	FixNullIsland = "null_island"
	FixFuture     = "future"
	FixTooOld     = "before_2000"
	FixTooFast    = "too_fast"
	FixBadValue   = "bad_value"
)

// FixProblem returns why a fix is not believable at now, or "" when it is; a fix more than
// maxAhead after now is from the future.
func FixProblem(p Position, now time.Time, maxAhead time.Duration) string {
	switch {
	case !finite(p.Lat) || !finite(p.Lon) || p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180:
		return FixOutOfRange
	case p.Lat == 0 && p.Lon == 0:
		return FixNullIsland
	case p.FixTime.After(now.Add(maxAhead)):
		return FixFuture
	case p.FixTime.Before(MinFixTime):
		return FixTooOld
	case p.SpeedMPH != nil && (!finite(*p.SpeedMPH) || *p.SpeedMPH > MaxSpeedMPH):
		return FixTooFast
	case !optFinite(p.Heading) || !optFinite(p.Accuracy) || !optFinite(p.Battery) ||
		(p.Altitude != nil && (!finite(*p.Altitude) || math.Abs(*p.Altitude) > maxFixAltitude)):
		return FixBadValue
	}
	return ""
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func optFinite(f *float64) bool { return f == nil || (finite(*f) && math.Abs(*f) < 1e9) }

// NearbyTruck is a truck's latest fix seen from a point.
type NearbyTruck struct {
	TruckID    int64     `json:"truck_id"`
	UnitNumber string    `json:"unit_number"`
	DeviceID   int64     `json:"device_id"`
	Point      Point     `json:"point"`
	FixTime    time.Time `json:"fix_time"`
	Meters     float64   `json:"-"`
	DriverID   *int64    `json:"driver_id,omitempty"`
	Load       *LoadRef  `json:"load,omitempty"` // nil = available
}

// NearestQuery asks for the trucks nearest a point.
type NearestQuery struct {
	Point         Point
	Limit         int
	MaxMeters     float64 // 0 = any distance
	AvailableOnly bool    // only trucks without an active load
	// FixSince drops trucks whose newest fix is older (zero = any age): a week-old fix says
	// nothing about where a truck is now.
	FixSince time.Time
}

// GeofenceCursor is how far a device's fixes have been judged by the geofence: the load it
// watches, the newest fix judged and the judge's memory. It is stored per device and advanced
// in the same transaction as the stop events it decides.
type GeofenceCursor struct {
	DeviceID int64
	LoadID   int64     // the watched load, 0 for none
	LastFix  time.Time // the newest fix judged; zero before the first
	State    []byte    // the judge's memory (JSON owned by internal/tracking), nil for none
}

// JudgeTx is what judging one device may do inside the transaction that advances its cursor.
type JudgeTx interface {
	// Positions returns the device's stored fixes with a fix time at or after from, in judge
	// order: fix time, then latitude, then longitude.
	Positions(ctx context.Context, deviceID int64, from time.Time) ([]Position, error)
	// UpdateLoad is LoadStore.UpdateLoad inside the judging transaction.
	UpdateLoad(ctx context.Context, id int64, fn func(LoadTx, *Load) error) (Load, error)
	// ReviseGPSStopEvent sets the time and note of the load's GPS event of type typ at the
	// stop (a late fix corrected the geofence's decision); no such event changes nothing.
	ReviseGPSStopEvent(ctx context.Context, loadID, stopID int64, typ EventType, at time.Time, note string) error
	// DropGPSStopEvent removes the load's GPS event of type typ at the stop (a stop judged
	// missed was reached after all, as late fixes show).
	DropGPSStopEvent(ctx context.Context, loadID, stopID int64, typ EventType) error
}

// Judged is what JudgeDevices did: the devices it judged and committed, and the error of each
// claimed device whose judging failed.
type Judged struct {
	Judged []int64
	Failed map[int64]error
}

// UnjudgedDevice is a device with fixes waiting for the geofence.
type UnjudgedDevice struct {
	DeviceID int64
	Since    time.Time // the earliest unjudged fix
	LastMark int64     // the newest unjudged mark: DismissUnjudged clears up to it
	LoadID   int64     // the load its cursor judges against, 0 for none
}

// TrackingStore keeps devices, position history, the latest fix of every device and the
// geofence memory. Callers: internal/tracking and the tracking API handlers.
type TrackingStore interface {
	CreateDevice(ctx context.Context, d *Device) error
	Device(ctx context.Context, id int64) (Device, error)
	// DeviceByUniqueID returns CodeNotFound for an unknown id.
	DeviceByUniqueID(ctx context.Context, uniqueID string) (Device, error)
	ListDevices(ctx context.Context, f MasterFilter) (Page[Device], error)
	UpdateDevice(ctx context.Context, id int64, fn func(*Device) error) (Device, error)
	// SavePositions stores positions in one transaction and marks their devices unjudged;
	// inserted[i] is false for a duplicate (same device, fix time and position). The device's
	// latest fix moves only forward.
	SavePositions(ctx context.Context, ps []Position) (inserted []bool, err error)
	// LatestPositions returns the newest fix of every device that has one.
	LatestPositions(ctx context.Context) ([]Position, error)
	// TruckPositions returns the newest fix of every device riding in one of the trucks.
	TruckPositions(ctx context.Context, truckIDs []int64) ([]Position, error)
	// NearestTrucks returns trucks by distance of their newest fix, nearest first (ties by
	// truck id), each truck once: of a truck with several devices, the newest fix of any of
	// them counts (ties: the lower device id), wherever its other devices last reported.
	NearestTrucks(ctx context.Context, q NearestQuery) ([]NearbyTruck, error)
	// Track returns a truck's fixes in [from, to), oldest first.
	Track(ctx context.Context, truckID int64, from, to time.Time) ([]Position, error)
	// PurgePositions drops history older than before and returns how many fixes went
	// (PostgreSQL drops whole monthly partitions that end before it).
	PurgePositions(ctx context.Context, before time.Time) (int64, error)
	// TrackedLoads returns the dispatched and in-transit loads of the trucks, with stops, in
	// window order.
	TrackedLoads(ctx context.Context, truckIDs []int64) ([]Load, error)
	// LoadEventsSince returns load events with id > afterID, oldest first (stream replay).
	LoadEventsSince(ctx context.Context, afterID int64, limit int) ([]LoadEvent, error)
	// LatestLoadEventID is the id of the newest load event, 0 when there is none.
	LatestLoadEventID(ctx context.Context) (int64, error)
	// UnjudgedDevices returns up to limit devices with fixes stored but not yet judged, and
	// for each the earliest such fix time. Every SavePositions that stores a fix marks it.
	UnjudgedDevices(ctx context.Context, limit int) ([]UnjudgedDevice, error)
	// DismissUnjudged clears, in one transaction and without claiming cursors, the marks up to
	// LastMark of devices with nothing to judge against (the caller found no load on their
	// cursor and none dispatched or in transit on their truck); a device whose cursor holds a
	// load by now keeps its marks.
	DismissUnjudged(ctx context.Context, devices []UnjudgedDevice) error
	// JudgeDevices claims, in one transaction, the cursors of the devices no other worker holds
	// (the others are skipped) and runs fn for each claimed one with its cursor and earliest
	// unjudged fix time (zero when none is left); when fn returns nil the cursor is stored and
	// the marks fn was shown are cleared with whatever fn did through tx. A device whose fn fails
	// is rolled back alone (its cursor and marks stay, its error is in Failed) while the others
	// commit. An error fails them all.
	JudgeDevices(ctx context.Context, deviceIDs []int64, fn func(tx JudgeTx, c *GeofenceCursor, since time.Time) error) (Judged, error)
	// GeofenceCursor reads the device's cursor without claiming it (zero for a new device).
	GeofenceCursor(ctx context.Context, deviceID int64) (GeofenceCursor, error)
}
