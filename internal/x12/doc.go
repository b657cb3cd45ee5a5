// Package x12 reads and writes ANSI ASC X12 interchanges (ISA/GS/ST envelopes).
//
// The reader takes its delimiters from the ISA header, tolerates what real partners send
// (a byte-order mark, CR/LF and indentation after segment terminators, ISA padding collapsed),
// validates the envelope (SE01/SE02, GE01/GE02, IEA01/IEA02, versions) and reports every fault
// as an Issue with its position; it never panics. The writer emits a canonical fixed-width ISA
// with control numbers the caller draws from a persistent per-partner sequence.
//
// The package knows envelopes and segments only; transaction sets (204, 990, 214, 210, 997)
// live in internal/edi.
package x12
