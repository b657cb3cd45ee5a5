package tms

// PageRequest asks for one page of a list: Limit rows after skipping Offset, ordered by Sort
// (a field name, "-" prefix for descending; each list names the fields it accepts).
type PageRequest struct {
	Limit  int
	Offset int
	Sort   string
}

// Page is one page of a list and the total number of matching rows.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// Limits on page size.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// Normalize clamps the limit and offset into their allowed ranges.
func (p PageRequest) Normalize() PageRequest {
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	p.Limit = min(p.Limit, MaxPageSize)
	p.Offset = max(p.Offset, 0)
	return p
}
