package tms

import (
	"encoding/json"
	"time"
)

// AuditEntry records one change to business data: who, when, what, and the record before and after.
type AuditEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    *int64          `json:"actor_id,omitempty"`
	ActorEmail string          `json:"actor_email"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	Action     string          `json:"action"`
	Before     json.RawMessage `json:"before,omitempty"`
	After      json.RawMessage `json:"after,omitempty"`
	RequestID  string          `json:"request_id,omitempty"`
}

// AuditFilter selects audit entries; empty fields match everything.
type AuditFilter struct {
	Entity   string
	EntityID string
	Page     PageRequest
}
