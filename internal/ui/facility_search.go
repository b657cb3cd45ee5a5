package ui

import (
	"net/http"
	"net/url"
	"strings"
)

// facilitySearch answers the load form's search-as-you-type with the <option>s of a
// facility select: the matches of the typed text, keeping the facility already chosen.
// htmx sends the search box ("stops[0].facility_q") and the select ("stops[0].facility_id").
func (u *UI) facilitySearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	chosen := valueEnding(q, "facility_id")
	opts, _, err := u.facilityChoices(r.Context(), valueEnding(q, "q"), chosen)
	if err != nil {
		return err
	}
	return u.renderFragment(w, r, http.StatusOK, viewLoadForm, "facility-options", Control{Value: chosen, Options: opts})
}

// valueEnding returns the value of the first parameter whose name is suffix or ends in
// "."+suffix or "_"+suffix.
func valueEnding(q url.Values, suffix string) string {
	for k, vs := range q {
		if k == suffix || strings.HasSuffix(k, "."+suffix) || strings.HasSuffix(k, "_"+suffix) {
			return vs[0]
		}
	}
	return ""
}
