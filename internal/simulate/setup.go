package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// apiClient calls the server's JSON API with a bearer token.
type apiClient struct {
	base, token string
	http        *http.Client
}

// do sends in as JSON (nil = no body) and decodes a 2xx answer into out (nil = ignore it).
func (c apiClient) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(raw[:min(len(raw), 300)])))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// maxListed bounds what the simulator reads of one list.
const maxListed = 10_000

// list reads every page of a list endpoint (at most maxListed items).
func list[T any](ctx context.Context, c apiClient, path string, q url.Values) ([]T, error) {
	return allPages(func(p tms.PageRequest) (tms.Page[T], error) {
		q.Set("limit", fmt.Sprint(p.Limit))
		q.Set("offset", fmt.Sprint(p.Offset))
		var page tms.Page[T]
		err := c.do(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &page)
		return page, err
	})
}

// facilityStops returns the positions of the server's active facilities.
func facilityStops(ctx context.Context, c apiClient) ([]tms.Point, error) {
	fs, err := list[tms.Facility](ctx, c, "/api/v1/facilities", url.Values{"status": {"active"}})
	if err != nil {
		return nil, err
	}
	var out []tms.Point
	for _, f := range fs {
		if f.Point().Valid() {
			out = append(out, f.Point())
		}
	}
	return out, nil
}

// ensureDevices creates the devices sim-1..sim-n that are missing, each in its own truck
// SIM-i (created when missing too), and returns how many devices it created.
func ensureDevices(ctx context.Context, c apiClient, n int) (int, error) {
	devices, err := list[tms.Device](ctx, c, "/api/v1/devices", url.Values{"q": {"sim-"}})
	if err != nil {
		return 0, err
	}
	trucks, err := list[tms.Truck](ctx, c, "/api/v1/trucks", url.Values{"q": {"SIM-"}})
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, d := range devices {
		have[d.UniqueID] = true
	}
	truckIDs := map[string]int64{}
	for _, t := range trucks {
		truckIDs[t.UnitNumber] = t.ID
	}
	created := 0
	for i := 1; i <= n; i++ {
		if have[deviceID(i)] {
			continue
		}
		if err := createDevice(ctx, c, i, truckIDs); err != nil {
			return created, err
		}
		created++
	}
	return created, nil
}

func createDevice(ctx context.Context, c apiClient, i int, truckIDs map[string]int64) error {
	unit := fmt.Sprintf("SIM-%d", i)
	id, ok := truckIDs[unit]
	if !ok {
		t := tms.Truck{UnitNumber: unit, Notes: "created by tms simulate"}
		if err := c.do(ctx, http.MethodPost, "/api/v1/trucks", t, &t); err != nil {
			return err
		}
		id = t.ID
	}
	d := tms.Device{UniqueID: deviceID(i), Name: "simulated " + unit, TruckID: &id, Active: true}
	return c.do(ctx, http.MethodPost, "/api/v1/devices", d, nil)
}

// deviceID is the id simulated truck i (from 1) reports under.
func deviceID(i int) string { return fmt.Sprintf("sim-%d", i) }
