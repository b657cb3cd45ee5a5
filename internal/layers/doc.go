// Package layers holds the test of the import rules of ARCHITECTURE.md: imports flow
// cmd -> api/ui/web -> capabilities -> tms, and store packages import tms only. It has no code.
package layers
