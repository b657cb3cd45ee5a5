package eia

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// DefaultBaseURL is the EIA API's address.
const DefaultBaseURL = "https://api.eia.gov"

const (
	// dataPath is the Gasoline and Diesel Fuel Update dataset.
	dataPath = "/v2/petroleum/pri/gnd/data/"
	// defaultTimeout bounds a call when the Client has no http.Client of its own.
	defaultTimeout = 30 * time.Second
	// maxResponseBytes bounds an answer: all ~1,700 weeks since 1994 take about 600 kB.
	maxResponseBytes = 8 << 20
	// maxRows is the most rows EIA returns in one answer.
	maxRows = 5000
	// redacted replaces the API key in every error message.
	redacted = "REDACTED"
)

// Client fetches the weekly diesel price from the EIA API v2. The zero value plus an
// APIKey works; it is safe for concurrent use.
type Client struct {
	BaseURL string       // API root, DefaultBaseURL when empty; tests point it at a local server
	APIKey  string       // from https://www.eia.gov/opendata/register.php; never logged or shown
	HTTP    *http.Client // nil means one with a 30 s timeout; each call also honours its ctx
}

var _ Fetcher = (*Client)(nil)

// APIError is an answer other than 200 OK. Callers reach it with errors.As.
type APIError struct {
	Status  int    // HTTP status
	Message string // EIA's error message, or the start of the body; the API key is redacted
}

func (e *APIError) Error() string {
	return fmt.Sprintf("eia: HTTP %d: %s", e.Status, e.Message)
}

// WeeklyDiesel asks EIA for the diesel series from since on (all of it when since is zero),
// newest first as EIA's own examples do, and returns it oldest first.
func (c *Client) WeeklyDiesel(ctx context.Context, since tms.Date) ([]Price, error) {
	if c.APIKey == "" {
		return nil, errors.New("eia: no API key (register for one at https://www.eia.gov/opendata/register.php)")
	}
	body, err := c.get(ctx, since)
	if err != nil {
		return nil, err
	}
	prices, err := ParseResponse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return dropBefore(prices, since), nil
}

// get calls the data route and returns the body of a 200 answer.
func (c *Client) get(ctx context.Context, since tms.Date) ([]byte, error) {
	u := c.url(since, c.APIKey)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("eia: %s", c.redact(err.Error()))
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("eia: %w", c.redactURLError(err, since))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("eia: reading the response: %w", c.redactURLError(err, since))
	}
	if len(body) > maxResponseBytes {
		return nil, fmt.Errorf("eia: response larger than %d bytes", maxResponseBytes)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &APIError{Status: resp.StatusCode, Message: c.redact(statusMessage(body))}
	}
	return body, nil
}

// url builds the request. The bracketed parameter names are EIA's; they go unescaped, as
// in EIA's documentation.
func (c *Client) url(since tms.Date, key string) string {
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	q := []string{
		"frequency=weekly",
		"data[0]=value",
		"facets[series][]=" + Series,
		"sort[0][column]=period",
		"sort[0][direction]=desc",
		"offset=0",
		fmt.Sprintf("length=%d", maxRows),
	}
	if !since.IsZero() {
		q = append(q, "start="+since.String())
	}
	q = append(q, "api_key="+url.QueryEscape(key))
	return strings.TrimRight(base, "/") + dataPath + "?" + strings.Join(q, "&")
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: defaultTimeout}
}

// redactURLError replaces the URL in a transport error (which carries the API key) with
// the same URL with the key redacted.
func (c *Client) redactURLError(err error, since tms.Date) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = c.url(since, redacted)
	}
	return err
}

// redact removes the API key from a message, raw or URL-escaped.
func (c *Client) redact(s string) string {
	if c.APIKey == "" {
		return s
	}
	s = strings.ReplaceAll(s, c.APIKey, redacted)
	return strings.ReplaceAll(s, url.QueryEscape(c.APIKey), redacted)
}

// statusMessage explains a non-200 body: EIA's error field when it sent one, else the
// start of the body.
func statusMessage(body []byte) string {
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil {
		if msg := errorMessage(env.Error); msg != "" {
			return msg
		}
	}
	const max = 200
	s := strings.TrimSpace(string(body))
	if len(s) > max {
		s = s[:max] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// dropBefore keeps the weeks on or after since; EIA's start parameter should already have.
func dropBefore(prices []Price, since tms.Date) []Price {
	i := 0
	for i < len(prices) && prices[i].Week.Time().Before(since.Time()) {
		i++
	}
	return prices[i:]
}
