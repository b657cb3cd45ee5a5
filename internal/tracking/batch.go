package tracking

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anditms/tms/internal/tms"
)

// MaxBatchItems bounds one POST /api/v1/positions.
const MaxBatchItems = 1000

// BatchItem is one position of the batch API, from an integration (ELD, telematics).
type BatchItem struct {
	DeviceID   string         `json:"device_id"`
	Time       time.Time      `json:"time"`
	Lat        float64        `json:"lat"`
	Lon        float64        `json:"lon"`
	SpeedMPH   *float64       `json:"speed_mph,omitempty"`
	Heading    *float64       `json:"heading,omitempty"`
	Altitude   *float64       `json:"altitude,omitempty"`
	Accuracy   *float64       `json:"accuracy,omitempty"`
	Battery    *float64       `json:"battery,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// BatchRequest is the body of POST /api/v1/positions.
type BatchRequest struct {
	Positions []BatchItem `json:"positions"`
}

// Item outcomes.
const (
	ItemStored    = "stored"
	ItemDuplicate = "duplicate"
	ItemRefused   = "refused"
)

// BatchResult is the outcome of one item, in request order.
type BatchResult struct {
	Index  int    `json:"index"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// BatchResponse answers POST /api/v1/positions.
type BatchResponse struct {
	Stored    int           `json:"stored"`
	Duplicate int           `json:"duplicate"`
	Refused   int           `json:"refused"`
	Results   []BatchResult `json:"results"`
}

// IngestBatch stores a batch of positions (POST /api/v1/positions): every valid item is
// committed in one group commit, each item gets its own result. Errors: CodeInvalid for an
// empty or oversized batch; a store failure.
func (s *Service) IngestBatch(ctx context.Context, req BatchRequest) (BatchResponse, error) {
	if len(req.Positions) == 0 || len(req.Positions) > MaxBatchItems {
		return BatchResponse{}, tms.Errorf(tms.CodeInvalid, "positions must hold 1 to %d items", MaxBatchItems)
	}
	resp := BatchResponse{Results: make([]BatchResult, len(req.Positions))}
	var ps []tms.Position
	var idx []int
	for i, it := range req.Positions {
		resp.Results[i] = BatchResult{Index: i}
		p, err := s.batchPosition(ctx, it)
		if c := tms.ErrorCode(err); c != "" && c != tms.CodeInvalid && c != tms.CodeNotFound {
			return resp, err
		}
		if err != nil {
			resp.Results[i].Status, resp.Results[i].Error = ItemRefused, tms.ErrorMessage(err)
			continue
		}
		ps, idx = append(ps, p), append(idx, i)
	}
	if len(ps) > 0 {
		inserted, err := s.save(ctx, ps)
		if err != nil {
			return resp, err
		}
		for j, i := range idx {
			resp.Results[i].Status = map[bool]string{true: ItemStored, false: ItemDuplicate}[inserted[j]]
		}
	}
	resp.count()
	return resp, nil
}

func (resp *BatchResponse) count() {
	for _, r := range resp.Results {
		switch r.Status {
		case ItemStored:
			resp.Stored++
		case ItemDuplicate:
			resp.Duplicate++
		default:
			resp.Refused++
		}
	}
}

// batchPosition resolves and checks one item.
func (s *Service) batchPosition(ctx context.Context, it BatchItem) (tms.Position, error) {
	s.metrics.received.WithLabelValues("batch").Inc()
	if err := checkItem(it); err != nil {
		s.metrics.refused.WithLabelValues(refusedInvalid).Inc()
		return tms.Position{}, err
	}
	d, err := s.device(ctx, it.DeviceID)
	if tms.ErrorCode(err) == tms.CodeNotFound {
		s.metrics.refused.WithLabelValues(refusedUnknownDevice).Inc()
		return tms.Position{}, tms.Errorf(tms.CodeNotFound, "unknown or inactive device %s", quote(it.DeviceID))
	}
	if err != nil {
		return tms.Position{}, err
	}
	p := s.position(d, it.Time, tms.Point{Lat: it.Lat, Lon: it.Lon})
	p.SpeedMPH, p.Heading, p.Altitude, p.Accuracy, p.Battery, p.Attributes = it.SpeedMPH, it.Heading, it.Altitude, it.Accuracy, it.Battery, it.Attributes
	return p, s.check(p)
}

// maxAttributesBytes bounds the JSON of one item's attributes.
const maxAttributesBytes = 4096

// checkItem refuses what no database would store: a missing or unprintable device id or
// time, attributes too large or holding NUL characters.
func checkItem(it BatchItem) error {
	if it.DeviceID == "" || len(it.DeviceID) > 128 || !utf8.ValidString(it.DeviceID) || strings.ContainsRune(it.DeviceID, 0) {
		return tms.Errorf(tms.CodeInvalid, "device_id is required: at most 128 characters of text")
	}
	if it.Time.IsZero() {
		return tms.Errorf(tms.CodeInvalid, "time is required")
	}
	if it.Attributes == nil {
		return nil
	}
	b, err := json.Marshal(it.Attributes)
	if err != nil || len(b) > maxAttributesBytes || bytes.Contains(b, []byte(`\u0000`)) {
		return tms.Errorf(tms.CodeInvalid, "attributes must be at most %d bytes of JSON without NUL characters", maxAttributesBytes)
	}
	return nil
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return fmt.Sprintf("%q", s)
}
