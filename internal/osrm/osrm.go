// Package osrm is a client of an OSRM routing server (http://project-osrm.org): the route
// service as a tms.Router and the table service for distance matrices. It speaks the OSRM v1
// HTTP API with the "driving" profile.
package osrm

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Client calls one OSRM server. It is safe for concurrent use.
type Client struct {
	base string
	http *http.Client
}

var _ tms.Router = (*Client)(nil)

const (
	// defaultTimeout bounds a call when New is given no client of its own.
	defaultTimeout = 10 * time.Second
	// maxResponseBytes bounds a response body; a table of a few hundred points fits.
	maxResponseBytes = 16 << 20
	profile          = "driving"
)

// New returns a client of the OSRM server at baseURL (e.g. "http://osrm:5000"; a path prefix
// is kept). A nil client means one with a 10 s timeout; pass your own to share a transport
// or set another timeout. Each call also honours its context.
func New(baseURL string, client *http.Client) *Client {
	if client == nil {
		client = &http.Client{Timeout: defaultTimeout}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), http: client}
}

// get calls {base}/{service}/v1/driving/{coords}?{query} and returns the body of a 200
// answer; any other answer becomes an error carrying OSRM's code and message if it sent one.
// query is sent as given: OSRM wants its ';' and ',' separators unescaped.
func (c *Client) get(ctx context.Context, service, coords, query string) ([]byte, error) {
	u := c.base + "/" + service + "/v1/" + profile + "/" + coords + "?" + query
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("osrm %s: %w", service, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("osrm %s: %w", service, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("osrm %s: reading the response: %w", service, err)
	}
	if len(body) > maxResponseBytes {
		return nil, fmt.Errorf("osrm %s: response larger than %d bytes", service, maxResponseBytes)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(service, resp.StatusCode, body)
	}
	return body, nil
}

// coordinates formats points as OSRM wants them: "lon,lat;lon,lat" (longitude first).
func coordinates(points []tms.Point) (string, error) {
	var b strings.Builder
	for i, p := range points {
		if !p.Valid() {
			return "", tms.Errorf(tms.CodeInvalid, "point %d (%v, %v) is not a valid position", i, p.Lat, p.Lon)
		}
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.FormatFloat(p.Lon, 'f', -1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(p.Lat, 'f', -1, 64))
	}
	return b.String(), nil
}
