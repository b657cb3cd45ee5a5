package ui

import (
	"context"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

var equipmentStatuses = []tms.EquipmentStatus{tms.EquipmentActive, tms.EquipmentInShop, tms.EquipmentInactive}

func (u *UI) truckKind() *masterKind[tms.Truck] {
	s := u.store
	return &masterKind[tms.Truck]{
		path: "/trucks", title: "Trucks", singular: "truck", csv: csvio.Trucks,
		statuses: []string{"active", "in_shop", "inactive"},
		columns:  []string{"Unit", "Truck", "Plate", "VIN", "Status"},
		cells: perRow(func(t *tms.Truck) []string {
			return []string{t.UnitNumber, strings.TrimSpace(yearText(t.Year) + " " + t.Make + " " + t.Model),
				strings.TrimSpace(t.Plate + " " + t.PlateState), t.VIN, label(t.Status)}
		}),
		fields: func(context.Context) ([]fieldSpec[tms.Truck], error) { return truckFields, nil },
		name:   func(t *tms.Truck) string { return "Truck " + t.UnitNumber },
		blank:  func() tms.Truck { return tms.Truck{Status: tms.EquipmentActive} },
		meta:   func(t *tms.Truck) *tms.Meta { return &t.Meta },
		create: s.CreateTruck, get: s.Truck, list: s.ListTrucks, update: s.UpdateTruck,
	}
}

var truckFields = []fieldSpec[tms.Truck]{
	textField("unit_number", "Unit number", func(t *tms.Truck) *string { return &t.UnitNumber }).req(),
	textField("vin", "VIN", func(t *tms.Truck) *string { return &t.VIN }).hint("17 characters"),
	textField("plate", "Plate", func(t *tms.Truck) *string { return &t.Plate }),
	textField("plate_state", "Plate state", func(t *tms.Truck) *string { return &t.PlateState }),
	textField("make", "Make", func(t *tms.Truck) *string { return &t.Make }),
	textField("model", "Model", func(t *tms.Truck) *string { return &t.Model }),
	intField("year", "Model year", func(t *tms.Truck) *int { return &t.Year }),
	int64Field("odometer_miles", "Odometer (miles)", func(t *tms.Truck) *int64 { return &t.OdometerMiles }),
	choiceField("status", "Status", equipmentStatuses, func(t *tms.Truck) *tms.EquipmentStatus { return &t.Status }).req(),
	textField("notes", "Notes", func(t *tms.Truck) *string { return &t.Notes }).as("textarea"),
}

func (u *UI) trailerKind() *masterKind[tms.Trailer] {
	s := u.store
	return &masterKind[tms.Trailer]{
		path: "/trailers", title: "Trailers", singular: "trailer", csv: csvio.Trailers,
		statuses: []string{"active", "in_shop", "inactive"},
		columns:  []string{"Unit", "Type", "Length", "Plate", "Status"},
		cells: perRow(func(t *tms.Trailer) []string {
			return []string{t.UnitNumber, label(t.Type), strconv.Itoa(t.LengthFt) + " ft", strings.TrimSpace(t.Plate + " " + t.PlateState), label(t.Status)}
		}),
		fields: func(context.Context) ([]fieldSpec[tms.Trailer], error) { return trailerFields, nil },
		name:   func(t *tms.Trailer) string { return "Trailer " + t.UnitNumber },
		blank:  func() tms.Trailer { return tms.Trailer{Status: tms.EquipmentActive, Type: "dry_van", LengthFt: 53} },
		meta:   func(t *tms.Trailer) *tms.Meta { return &t.Meta },
		create: s.CreateTrailer, get: s.Trailer, list: s.ListTrailers, update: s.UpdateTrailer,
	}
}

var trailerFields = []fieldSpec[tms.Trailer]{
	textField("unit_number", "Unit number", func(t *tms.Trailer) *string { return &t.UnitNumber }).req(),
	choiceField("type", "Type", tms.TrailerTypes, func(t *tms.Trailer) *string { return &t.Type }).req(),
	intField("length_ft", "Length (ft)", func(t *tms.Trailer) *int { return &t.LengthFt }),
	textField("plate", "Plate", func(t *tms.Trailer) *string { return &t.Plate }),
	textField("plate_state", "Plate state", func(t *tms.Trailer) *string { return &t.PlateState }),
	choiceField("status", "Status", equipmentStatuses, func(t *tms.Trailer) *tms.EquipmentStatus { return &t.Status }).req(),
	textField("notes", "Notes", func(t *tms.Trailer) *string { return &t.Notes }).as("textarea"),
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
