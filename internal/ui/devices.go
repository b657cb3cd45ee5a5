package ui

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

// deviceKind: GPS devices (phones running Traccar Client or OsmAnd, trackers) and the
// truck each rides in.
func (u *UI) deviceKind() *masterKind[tms.Device] {
	s := u.store
	return &masterKind[tms.Device]{
		path: "/devices", title: "Devices", singular: "device",
		statuses: []string{"active", "inactive"},
		columns:  []string{"Device id", "Name", "Truck", "Last fix", "Status"},
		cells:    u.deviceCells,
		fields:   u.deviceFields,
		name: func(d *tms.Device) string {
			if d.Name != "" {
				return d.Name
			}
			return "Device " + d.UniqueID
		},
		blank:  func() tms.Device { return tms.Device{Active: true, SpeedUnit: "kn"} },
		meta:   func(d *tms.Device) *tms.Meta { return &d.Meta },
		create: s.CreateDevice, get: s.Device, list: s.ListDevices, update: s.UpdateDevice,
		phoneSetup: true,
	}
}

func (u *UI) deviceFields(ctx context.Context) ([]fieldSpec[tms.Device], error) {
	trucks, err := all(ctx, u.store.ListTrucks, "")
	if err != nil {
		return nil, err
	}
	drivers, err := all(ctx, u.store.ListDrivers, "")
	if err != nil {
		return nil, err
	}
	truckOpts, driverOpts := make([]option, len(trucks)), make([]option, len(drivers))
	for i, t := range trucks {
		truckOpts[i] = idOption(t.ID, t.UnitNumber)
	}
	for i, d := range drivers {
		driverOpts[i] = idOption(d.ID, d.Name)
	}
	return []fieldSpec[tms.Device]{
		textField("unique_id", "Device id", func(d *tms.Device) *string { return &d.UniqueID }).req().
			hint("What the device sends as its id (Traccar Client: the device identifier)"),
		textField("name", "Name", func(d *tms.Device) *string { return &d.Name }),
		refField("truck_id", "Truck", "No truck", truckOpts, func(d *tms.Device) **int64 { return &d.TruckID }),
		refField("driver_id", "Driver", "No driver", driverOpts, func(d *tms.Device) **int64 { return &d.DriverID }),
		choiceField("speed_unit", "Speed unit of its reports", tms.SpeedUnits, func(d *tms.Device) *string { return &d.SpeedUnit }).req(),
		secretField(),
		checkField("active", "Active (positions accepted)", func(d *tms.Device) *bool { return &d.Active }),
	}, nil
}

// secretField shows a stored secret masked and keeps it when the mask comes back.
func secretField() fieldSpec[tms.Device] {
	return spec("secret", "Path secret", "text", func(d *tms.Device) string {
		if d.Secret != "" {
			return tms.MaskedSecret
		}
		return ""
	}, func(d *tms.Device, s string) error {
		if s != tms.MaskedSecret {
			d.Secret = s
		}
		return nil
	}).hint("Optional: the device then reports to /osmand/SECRET")
}

func (u *UI) deviceCells(ctx context.Context, items []tms.Device) ([][]string, error) {
	lk := newLookup(u.store)
	latest, err := u.store.LatestPositions(ctx)
	if err != nil {
		return nil, err
	}
	fixes := map[int64]tms.Position{}
	for _, p := range latest {
		fixes[p.DeviceID] = p
	}
	out := make([][]string, len(items))
	for i, d := range items {
		truck := "—"
		if t, err := lk.Truck(ctx, d.TruckID); err != nil {
			return nil, err
		} else if t != nil {
			truck = t.UnitNumber
		}
		fix := "never"
		if p, ok := fixes[d.ID]; ok {
			fix = ago(p.FixTime)
		}
		out[i] = []string{d.UniqueID, d.Name, truck, fix, activeText(d.Active)}
	}
	return out, nil
}
