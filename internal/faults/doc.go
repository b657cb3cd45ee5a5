// Package faults holds the fault-injection suite: the real binary's handler in production
// mode (PostgreSQL, Redis and S3), each dependency behind an internal/faultproxy that refuses,
// blackholes or cuts it, and the answers users must get meanwhile (a fast 503 with
// Retry-After, never a hang) and after (recovery without a restart). Its tests are slow, so
// they live in their own package and `go test ./...` runs them beside the others.
package faults
