package ui

import (
	"net/http"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/search"
	"github.com/anditms/tms/internal/tms"
)

// searchAction is who may use the global search: office staff (drivers have their own page).
const searchAction = authz.OfficeRead

// searchData is the results page: what was found, grouped by kind.
type searchData struct {
	search.Results
	PerKind, MinLength int
}

// searchPage shows the records matching the header's search box.
func (u *UI) searchPage(w http.ResponseWriter, r *http.Request) error {
	res, err := u.search.Search(r.Context(), tms.ActorFrom(r.Context()), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewSearch, "Search", searchData{Results: res, PerKind: search.PerKind, MinLength: search.MinLength})
}
