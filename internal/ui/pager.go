package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// pageSize is the number of rows a list page shows.
const pageSize = 50

// pageRequest reads the offset query parameter of a list page.
func pageRequest(r *http.Request) (tms.PageRequest, error) {
	p := tms.PageRequest{Limit: pageSize}
	if s := r.URL.Query().Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return p, tms.Errorf(tms.CodeInvalid, "offset must be a whole number, 0 or more")
		}
		p.Offset = n
	}
	return p.Normalize(), nil
}

// Pager describes the rows shown and links to the neighbouring pages, keeping the filters.
type Pager struct {
	From, To, Total int
	Prev, Next      string // "" at either end
}

func newPager(u *url.URL, total, limit, offset int) Pager {
	p := Pager{From: min(offset+1, total), To: min(offset+limit, total), Total: total}
	if offset > 0 {
		p.Prev = withOffset(u, max(offset-limit, 0))
	}
	if offset+limit < total {
		p.Next = withOffset(u, offset+limit)
	}
	return p
}

func withOffset(u *url.URL, offset int) string {
	q := u.Query()
	q.Set("offset", strconv.Itoa(offset))
	if offset == 0 {
		q.Del("offset")
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}
