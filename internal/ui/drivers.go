package ui

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

func (u *UI) driverKind() *masterKind[tms.Driver] {
	s := u.store
	return &masterKind[tms.Driver]{
		path: "/drivers", title: "Drivers", singular: "driver", csv: csvio.Drivers,
		statuses: []string{string(tms.DriverActive), string(tms.DriverOnLeave), string(tms.DriverInactive)},
		columns:  []string{"Name", "Phone", "CDL", "CDL expiry", "Medical card expiry", "Status"},
		cells: perRow(func(d *tms.Driver) []string {
			return []string{d.Name, d.Phone, d.CDLClass + " " + d.CDLState + " " + d.CDLNumber, d.CDLExpiry.String(),
				d.MedicalCardExpiry.String(), label(d.Status)}
		}),
		warn:   func(d *tms.Driver) []string { return expiryProblems(*d, time.Now()) },
		fields: func(context.Context) ([]fieldSpec[tms.Driver], error) { return driverFields, nil },
		name:   func(d *tms.Driver) string { return d.Name },
		blank: func() tms.Driver {
			return tms.Driver{Status: tms.DriverActive, CDLClass: "A", Pay: tms.PayProfile{Basis: tms.PayPerLoadedMile}}
		},
		meta:   func(d *tms.Driver) *tms.Meta { return &d.Meta },
		create: s.CreateDriver, get: s.Driver, list: s.ListDrivers, update: s.UpdateDriver,
		extra: u.driverLoginCard,
	}
}

var driverFields = []fieldSpec[tms.Driver]{
	textField("name", "Name", func(d *tms.Driver) *string { return &d.Name }).req(),
	textField("phone", "Phone", func(d *tms.Driver) *string { return &d.Phone }).as("tel"),
	textField("email", "Email", func(d *tms.Driver) *string { return &d.Email }).as("email"),
	textField("cdl_number", "CDL number", func(d *tms.Driver) *string { return &d.CDLNumber }),
	textField("cdl_state", "CDL state", func(d *tms.Driver) *string { return &d.CDLState }).hint("Two letters, such as TX"),
	blankChoice(choiceField("cdl_class", "CDL class", []string{"A", "B", "C"}, func(d *tms.Driver) *string { return &d.CDLClass }), "None"),
	listField("cdl_endorsements", "Endorsements", func(d *tms.Driver) *[]string { return &d.CDLEndorsements }).hint("Comma-separated, such as h, n, t"),
	dateField("cdl_expiry", "CDL expires", func(d *tms.Driver) *tms.Date { return &d.CDLExpiry }),
	dateField("medical_card_expiry", "Medical card expires", func(d *tms.Driver) *tms.Date { return &d.MedicalCardExpiry }),
	dateField("hire_date", "Hired", func(d *tms.Driver) *tms.Date { return &d.HireDate }),
	choiceField("status", "Status", []tms.DriverStatus{tms.DriverActive, tms.DriverOnLeave, tms.DriverInactive},
		func(d *tms.Driver) *tms.DriverStatus { return &d.Status }).req(),
	choiceField("pay.basis", "Pay basis", tms.PayBases, func(d *tms.Driver) *tms.PayBasis { return &d.Pay.Basis }).req(),
	int64Field("pay.rate", "Pay rate", func(d *tms.Driver) *int64 { return &d.Pay.Rate }).
		hint("Per mile in tenths of a cent, percent in basis points, flat and hourly in cents"),
	textField("notes", "Notes", func(d *tms.Driver) *string { return &d.Notes }).as("textarea"),
}

// blankChoice lets a select be left empty.
func blankChoice[T any](s fieldSpec[T], blank string) fieldSpec[T] { s.ctl.Blank = blank; return s }
