package sqlstore

import (
	"context"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

var devices = &table[tms.Device, *tms.Device]{
	name: "devices", entity: "device", status: "active",
	cols: []string{"unique_id", "name", "truck_id", "driver_id", "speed_unit", "secret", "active"},
	fields: func(d *tms.Device) []any {
		return []any{&d.UniqueID, &d.Name, &d.TruckID, &d.DriverID, &d.SpeedUnit, &d.Secret, &d.Active}
	},
	text:  []string{"unique_id", "name"},
	sorts: map[string]string{"unique_id": "unique_id", "name": "name"},
}

// CreateDevice stores a new tracking device.
func (db *DB) CreateDevice(ctx context.Context, d *tms.Device) error {
	return devices.create(ctx, db, d)
}

// Device returns one device.
func (db *DB) Device(ctx context.Context, id int64) (tms.Device, error) {
	return devices.get(ctx, db, id)
}

// DeviceByUniqueID returns the device that reports under uniqueID.
func (db *DB) DeviceByUniqueID(ctx context.Context, uniqueID string) (tms.Device, error) {
	uniqueID = strings.TrimSpace(uniqueID)
	v, err := devices.scan(db.read.QueryRowContext(ctx, db.Q(devices.selectSQL()+" WHERE unique_id = ?"), uniqueID))
	return v, db.notFound(err, "device", uniqueID)
}

// ListDevices lists devices.
func (db *DB) ListDevices(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Device], error) {
	return devices.list(ctx, db, f)
}

// UpdateDevice changes a device through fn.
func (db *DB) UpdateDevice(ctx context.Context, id int64, fn func(*tms.Device) error) (tms.Device, error) {
	return devices.update(ctx, db, id, fn)
}
