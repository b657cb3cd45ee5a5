package tracking

import (
	"context"
	"crypto/subtle"
	"time"

	"github.com/anditms/tms/internal/osmand"
	"github.com/anditms/tms/internal/tms"
)

// Refusal reasons besides the fix problems of tms.FixProblem.
const (
	refusedUnknownDevice = "unknown_device"
	refusedInvalid       = "invalid_request"
)

// device resolves an active device by the id it reports, through a short cache. An unknown
// or inactive device is CodeNotFound.
func (s *Service) device(ctx context.Context, uniqueID string) (tms.Device, error) {
	now := s.now()
	d, ok := s.devices.lookup(uniqueID, now) // first, so a hit does not allocate the loader
	var err error
	if !ok {
		d, err = s.devices.get(uniqueID, now, func() (tms.Device, error) {
			return s.store.DeviceByUniqueID(ctx, uniqueID)
		})
	}
	if err == nil && !d.Active {
		err = tms.NotFound("device", uniqueID)
	}
	return d, err
}

// IngestReport stores one decoded OsmAnd report and returns once it is committed. secret is
// the path secret ("" when the request had none). Errors: CodeInvalid for an unknown device on
// the query form (CodeNotFound on the JSON form, as Traccar answers) or an unbelievable fix.
// A report without a location is accepted and not stored.
func (s *Service) IngestReport(ctx context.Context, r osmand.Report, secret string) error {
	s.metrics.received.WithLabelValues(r.Form.String()).Inc()
	d, err := s.device(ctx, r.DeviceID)
	if err == nil && subtle.ConstantTimeCompare([]byte(d.Secret), []byte(secret)) != 1 {
		err = tms.NotFound("device", r.DeviceID)
	}
	if err != nil {
		return s.refuseDevice(err, r.Form)
	}
	if !r.HasFix {
		return nil
	}
	r.ApplySpeedUnit(osmand.SpeedUnit(d.SpeedUnit))
	p := s.position(d, r.Time, r.Point)
	p.SpeedMPH, p.Heading, p.Altitude, p.Accuracy, p.Battery = r.SpeedMPH, r.Heading, r.Altitude, r.Accuracy, r.Battery
	p.Attributes = r.Attributes
	if err := s.check(p); err != nil {
		return err
	}
	_, err = s.save(ctx, []tms.Position{p})
	return err
}

// refuseDevice counts and words the refusal of an unknown device.
func (s *Service) refuseDevice(err error, form osmand.Form) error {
	if tms.ErrorCode(err) != tms.CodeNotFound {
		return err
	}
	s.metrics.refused.WithLabelValues(refusedUnknownDevice).Inc()
	code := tms.CodeInvalid
	if form == osmand.FormJSON {
		code = tms.CodeNotFound
	}
	return tms.Errorf(code, "unknown or inactive device")
}

// position starts a position of device d; a zero fix time means "now".
func (s *Service) position(d tms.Device, at time.Time, pt tms.Point) tms.Position {
	now := s.now().UTC()
	if at.IsZero() {
		at = now
	}
	return tms.Position{DeviceID: d.ID, TruckID: d.TruckID, FixTime: at.UTC(), ReceivedAt: now, Lat: pt.Lat, Lon: pt.Lon}
}

// check refuses an unbelievable fix, counting it by reason.
func (s *Service) check(p tms.Position) error {
	if reason := tms.FixProblem(p, s.now(), s.cfg.MaxFixAhead); reason != "" {
		s.metrics.refused.WithLabelValues(reason).Inc()
		return &tms.Error{Code: tms.CodeInvalid, Message: "fix refused: " + reason, Detail: map[string]any{"reason": reason}}
	}
	return nil
}
