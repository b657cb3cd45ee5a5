//go:build race

package ui_test

// raceDetector: the race detector slows every request several times over, so page timings
// are reported, not judged.
const raceDetector = true
