package osrm

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/anditms/tms/internal/tms"
)

// Route asks OSRM for the fastest driving route through points, in order (at least two).
// Errors: CodeInvalid for fewer than two or invalid points and for OSRM's NoRoute, NoSegment
// and TooBig; other failures wrap the cause (context deadline, transport, *APIError).
func (c *Client) Route(ctx context.Context, points []tms.Point) (tms.Route, error) {
	if len(points) < 2 {
		return tms.Route{}, tms.Errorf(tms.CodeInvalid, "a route needs at least two points")
	}
	coords, err := coordinates(points)
	if err != nil {
		return tms.Route{}, err
	}
	body, err := c.get(ctx, "route", coords, "overview=false")
	if err != nil {
		return tms.Route{}, err
	}
	return parseRoute(body)
}

type routeResponse struct {
	envelope
	Routes []struct {
		Distance *float64 `json:"distance"` // meters
		Duration *float64 `json:"duration"` // seconds
	} `json:"routes"`
}

// parseRoute reads the first (recommended) route of a 200 answer of the route service.
func parseRoute(body []byte) (tms.Route, error) {
	var r routeResponse
	if err := unmarshal("route", body, &r, &r.envelope); err != nil {
		return tms.Route{}, err
	}
	if len(r.Routes) == 0 {
		return tms.Route{}, fmt.Errorf("osrm route: malformed response: no routes")
	}
	m, s := r.Routes[0].Distance, r.Routes[0].Duration
	if !measure(m) || !measure(s) {
		return tms.Route{}, fmt.Errorf("osrm route: malformed response: distance %v, duration %v", deref(m), deref(s))
	}
	return tms.Route{Meters: *m, Seconds: *s}, nil
}

// unmarshal decodes a 200 answer into v, whose envelope env must say "Ok".
func unmarshal(service string, body []byte, v any, env *envelope) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("osrm %s: malformed response: %w", service, err)
	}
	if env.Code != "Ok" {
		return apiError(service, 200, *env)
	}
	return nil
}

// measure reports whether a distance or duration is present and plausible.
func measure(p *float64) bool {
	return p != nil && *p >= 0 && !math.IsInf(*p, 0)
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
