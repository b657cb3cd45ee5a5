package tms

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Contact is a person at a customer.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	// Roles say which email the contact receives (ContactAP, ContactOperations).
	Roles []string `json:"roles,omitempty"`
}

// Customer is who a load is hauled for and billed to.
type Customer struct {
	Meta
	Name               string    `json:"name"`
	BillingAddress     Address   `json:"billing_address"`
	Contacts           []Contact `json:"contacts"`
	PaymentTermsDays   int       `json:"payment_terms_days"`
	CreditLimitCents   Cents     `json:"credit_limit_cents"`
	RequiredReferences []string  `json:"required_references"`        // e.g. "po", "bol"
	RequiredDocuments  []string  `json:"required_documents"`         // document types needed to invoice, e.g. "pod"
	FuelScheduleID     *int64    `json:"fuel_schedule_id,omitempty"` // nil: the carrier default
	Notes              string    `json:"notes"`
	Active             bool      `json:"active"`
	// Notifications are the customer's email choices.
	Notifications Notifications `json:"notifications"`
}

// Validate checks a customer.
func (c *Customer) Validate() error {
	v := Validation{}
	c.Name = strings.TrimSpace(c.Name)
	v.Check(c.Name != "" && len(c.Name) <= 200, "name", "is required (at most 200 characters)")
	v.Check(c.PaymentTermsDays >= 0 && c.PaymentTermsDays <= 365, "payment_terms_days", "must be 0 to 365")
	v.Check(c.CreditLimitCents >= 0, "credit_limit_cents", "must not be negative")
	for _, r := range c.RequiredReferences {
		v.Check(slices.Contains(ReferenceKinds, r), "required_references", "must be among "+strings.Join(ReferenceKinds, ", "))
	}
	c.Contacts = slices.DeleteFunc(c.Contacts, Contact.IsZero) // a blank form row is no contact
	for i := range c.Contacts {
		validateContact(v, &c.Contacts[i])
	}
	if c.Contacts == nil {
		c.Contacts = []Contact{}
	}
	if c.RequiredReferences == nil {
		c.RequiredReferences = []string{}
	}
	if c.RequiredDocuments == nil {
		c.RequiredDocuments = []string{"pod"}
	}
	return v.Err()
}

// ReferenceKinds are the load references a customer can require.
var ReferenceKinds = []string{"bol", "po", "pickup", "customer_load"}

// DefaultGeofenceMeters is a facility's arrival radius unless set.
const DefaultGeofenceMeters = 300

// Facility is a shipper or receiver location.
type Facility struct {
	Meta
	Name                string  `json:"name"`
	Address             Address `json:"address"`
	Lat                 float64 `json:"lat"`
	Lon                 float64 `json:"lon"`
	TimeZone            string  `json:"time_zone"` // IANA name, e.g. America/Chicago
	GeofenceMeters      int     `json:"geofence_meters"`
	DockHours           string  `json:"dock_hours"`
	AppointmentRequired bool    `json:"appointment_required"`
	Notes               string  `json:"notes"`
	Active              bool    `json:"active"`
}

// Point returns the facility's position.
func (f Facility) Point() Point { return Point{f.Lat, f.Lon} }

// Location returns the facility's time zone (UTC if unknown).
func (f Facility) Location() *time.Location { return Zone(f.TimeZone) }

// Validate checks a facility and fills the default geofence.
func (f *Facility) Validate() error {
	v := Validation{}
	f.Name = strings.TrimSpace(f.Name)
	v.Check(f.Name != "" && len(f.Name) <= 200, "name", "is required (at most 200 characters)")
	v.Check(f.Lat >= -90 && f.Lat <= 90 && f.Lat != 0, "lat", "must be a latitude between -90 and 90")
	v.Check(f.Lon >= -180 && f.Lon <= 180 && f.Lon != 0, "lon", "must be a longitude between -180 and 180")
	v.Check(KnownZone(f.TimeZone), "time_zone", "must be an IANA time zone such as America/Chicago")
	if f.GeofenceMeters == 0 {
		f.GeofenceMeters = DefaultGeofenceMeters
	}
	v.Check(f.GeofenceMeters >= 50 && f.GeofenceMeters <= 5000, "geofence_meters", "must be 50 to 5000")
	return v.Err()
}

// DriverStatus says whether a driver can be dispatched.
type DriverStatus string

// Driver statuses.
const (
	DriverActive   DriverStatus = "active"
	DriverInactive DriverStatus = "inactive"
	DriverOnLeave  DriverStatus = "on_leave"
)

// PayBasis is how a driver is paid.
type PayBasis string

// Pay bases. Rate units: per mile in mills (tenths of a cent), percent in basis points,
// flat and hourly in cents.
const (
	PayPerLoadedMile   PayBasis = "per_loaded_mile"
	PayPerTotalMile    PayBasis = "per_total_mile"
	PayPercentLinehaul PayBasis = "percent_linehaul"
	PayFlatPerLoad     PayBasis = "flat_per_load"
	PayHourly          PayBasis = "hourly"
)

// PayBases lists every basis.
var PayBases = []PayBasis{PayPerLoadedMile, PayPerTotalMile, PayPercentLinehaul, PayFlatPerLoad, PayHourly}

// PayProfile is a driver's pay rule.
type PayProfile struct {
	Basis PayBasis `json:"basis"`
	Rate  int64    `json:"rate"`
}

// Driver is a CDL holder who drives for the carrier.
type Driver struct {
	Meta
	Name              string       `json:"name"`
	Phone             string       `json:"phone"`
	Email             string       `json:"email"`
	CDLNumber         string       `json:"cdl_number"`
	CDLState          string       `json:"cdl_state"`
	CDLClass          string       `json:"cdl_class"`
	CDLEndorsements   []string     `json:"cdl_endorsements"`
	CDLExpiry         Date         `json:"cdl_expiry"`
	MedicalCardExpiry Date         `json:"medical_card_expiry"`
	HireDate          Date         `json:"hire_date"`
	Status            DriverStatus `json:"status"`
	UserID            *int64       `json:"user_id,omitempty"`
	Pay               PayProfile   `json:"pay"`
	Deductions        []Deduction  `json:"recurring_deductions"` // taken from every settlement
	Notes             string       `json:"notes"`
}

var usState = regexp.MustCompile(`^[A-Z]{2}$`)

// Validate checks a driver.
func (d *Driver) Validate() error {
	v := Validation{}
	d.Name = strings.TrimSpace(d.Name)
	v.Check(d.Name != "" && len(d.Name) <= 200, "name", "is required (at most 200 characters)")
	if d.Status == "" {
		d.Status = DriverActive
	}
	v.Check(slices.Contains([]DriverStatus{DriverActive, DriverInactive, DriverOnLeave}, d.Status), "status", "must be active, inactive or on_leave")
	d.CDLState = strings.ToUpper(strings.TrimSpace(d.CDLState))
	v.Check(d.CDLState == "" || usState.MatchString(d.CDLState), "cdl_state", "must be a two-letter state code")
	v.Check(d.CDLClass == "" || slices.Contains([]string{"A", "B", "C"}, d.CDLClass), "cdl_class", "must be A, B or C")
	if d.Pay.Basis == "" {
		d.Pay.Basis = PayPerLoadedMile
	}
	v.Check(slices.Contains(PayBases, d.Pay.Basis), "pay.basis", "must be one of per_loaded_mile, per_total_mile, percent_linehaul, flat_per_load, hourly")
	v.Check(d.Pay.Rate >= 0, "pay.rate", "must not be negative")
	if d.CDLEndorsements == nil {
		d.CDLEndorsements = []string{}
	}
	if d.Deductions == nil {
		d.Deductions = []Deduction{}
	}
	for i, ded := range d.Deductions {
		v.Check(strings.TrimSpace(ded.Description) != "" && ded.AmountCents > 0, fmt.Sprintf("recurring_deductions[%d]", i), "needs a description and a positive amount")
	}
	return v.Err()
}

// EquipmentStatus says whether a truck or trailer can be dispatched.
type EquipmentStatus string

// Equipment statuses.
const (
	EquipmentActive   EquipmentStatus = "active"
	EquipmentInShop   EquipmentStatus = "in_shop"
	EquipmentInactive EquipmentStatus = "inactive"
)

func validEquipmentStatus(s EquipmentStatus) bool {
	return slices.Contains([]EquipmentStatus{EquipmentActive, EquipmentInShop, EquipmentInactive}, s)
}

// Truck is a power unit.
type Truck struct {
	Meta
	UnitNumber    string          `json:"unit_number"`
	VIN           string          `json:"vin"`
	Plate         string          `json:"plate"`
	PlateState    string          `json:"plate_state"`
	Make          string          `json:"make"`
	Model         string          `json:"model"`
	Year          int             `json:"year"`
	OdometerMiles int64           `json:"odometer_miles"`
	Status        EquipmentStatus `json:"status"`
	Notes         string          `json:"notes"`
}

// Validate checks a truck, including the VIN check digit.
func (t *Truck) Validate() error {
	v := Validation{}
	t.UnitNumber = strings.TrimSpace(t.UnitNumber)
	v.Check(t.UnitNumber != "" && len(t.UnitNumber) <= 50, "unit_number", "is required (at most 50 characters)")
	t.VIN = strings.ToUpper(strings.TrimSpace(t.VIN))
	v.Check(t.VIN == "" || ValidVIN(t.VIN), "vin", "must be 17 characters with a valid check digit")
	t.PlateState = strings.ToUpper(strings.TrimSpace(t.PlateState))
	v.Check(t.PlateState == "" || usState.MatchString(t.PlateState), "plate_state", "must be a two-letter state code")
	v.Check(t.Year == 0 || (t.Year >= 1980 && t.Year <= time.Now().Year()+2), "year", "must be a model year")
	v.Check(t.OdometerMiles >= 0, "odometer_miles", "must not be negative")
	if t.Status == "" {
		t.Status = EquipmentActive
	}
	v.Check(validEquipmentStatus(t.Status), "status", "must be active, in_shop or inactive")
	return v.Err()
}

// TrailerTypes are the kinds of trailer, also a load's required equipment type.
var TrailerTypes = []string{"dry_van", "reefer", "flatbed", "step_deck", "tanker", "lowboy", "conestoga", "power_only", "container"}

// EquipmentName is a trailer type for paperwork ("dry_van" -> "Dry van"), with the trailer's
// length when known ("Dry van 53'"); an unknown type reads as given.
func EquipmentName(typ string, lengthFt int) string {
	name := strings.ReplaceAll(typ, "_", " ")
	if name != "" {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	if lengthFt > 0 {
		name += fmt.Sprintf(" %d'", lengthFt)
	}
	return name
}

// Trailer is a trailer.
type Trailer struct {
	Meta
	UnitNumber string          `json:"unit_number"`
	Type       string          `json:"type"`
	LengthFt   int             `json:"length_ft"`
	Plate      string          `json:"plate"`
	PlateState string          `json:"plate_state"`
	Status     EquipmentStatus `json:"status"`
	Notes      string          `json:"notes"`
}

// Validate checks a trailer.
func (t *Trailer) Validate() error {
	v := Validation{}
	t.UnitNumber = strings.TrimSpace(t.UnitNumber)
	v.Check(t.UnitNumber != "" && len(t.UnitNumber) <= 50, "unit_number", "is required (at most 50 characters)")
	v.Check(slices.Contains(TrailerTypes, t.Type), "type", "must be one of "+strings.Join(TrailerTypes, ", "))
	v.Check(t.LengthFt >= 0 && t.LengthFt <= 60, "length_ft", "must be 0 to 60")
	t.PlateState = strings.ToUpper(strings.TrimSpace(t.PlateState))
	v.Check(t.PlateState == "" || usState.MatchString(t.PlateState), "plate_state", "must be a two-letter state code")
	if t.Status == "" {
		t.Status = EquipmentActive
	}
	v.Check(validEquipmentStatus(t.Status), "status", "must be active, in_shop or inactive")
	return v.Err()
}

// vinValues and vinWeights implement the North American VIN check digit (49 CFR 565).
var (
	vinWeights = []int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	vinValues  = map[rune]int{
		'A': 1, 'B': 2, 'C': 3, 'D': 4, 'E': 5, 'F': 6, 'G': 7, 'H': 8,
		'J': 1, 'K': 2, 'L': 3, 'M': 4, 'N': 5, 'P': 7, 'R': 9,
		'S': 2, 'T': 3, 'U': 4, 'V': 5, 'W': 6, 'X': 7, 'Y': 8, 'Z': 9,
	}
)

// ValidVIN reports whether vin has 17 allowed characters and a correct check digit (position 9).
func ValidVIN(vin string) bool {
	if len(vin) != 17 {
		return false
	}
	sum := 0
	for i, r := range vin {
		val, ok := vinValues[r]
		if r >= '0' && r <= '9' {
			val, ok = int(r-'0'), true
		}
		if !ok {
			return false // I, O and Q are never used
		}
		sum += val * vinWeights[i]
	}
	check := sum % 11
	want := byte('0' + check)
	if check == 10 {
		want = 'X'
	}
	return vin[8] == want
}

// NeedsTrailer reports whether a load of equipment type t is hauled on a carrier trailer:
// every type except power only (the shipper's trailer) and none given.
func NeedsTrailer(t string) bool { return t != "" && t != "power_only" }

// HazmatEndorsed reports whether the driver's CDL carries the hazmat endorsement (H, or X:
// hazmat and tanker).
func (d Driver) HazmatEndorsed() bool {
	return slices.ContainsFunc(d.CDLEndorsements, func(e string) bool {
		e = strings.TrimSpace(e)
		return strings.EqualFold(e, "H") || strings.EqualFold(e, "X")
	})
}
