package ui

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/tms"
)

// lookupFacility answers the facility form's "Look up" button: the typed address geocoded,
// said with its precision and zone. The page's map.js takes the position and zone from the
// "geocoded" event (HX-Trigger) into the form's inputs and the pin, where people can move it.
func (u *UI) lookupFacility(w http.ResponseWriter, r *http.Request) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	a := tms.Address{Line1: trimmed(f, "address.line1"), City: trimmed(f, "address.city"), State: trimmed(f, "address.state"), Zip: trimmed(f, "address.zip")}
	res, err := geocode.Locate(r.Context(), u.geocoder, a)
	var refused *tms.Error
	if errors.As(err, &refused) && (refused.Code == tms.CodeInvalid || refused.Code == tms.CodeNotFound) {
		return u.renderFragment(w, r, http.StatusUnprocessableEntity, viewMasterForm, "lookup-result", lookupResult{Problem: refused.Message})
	}
	if err != nil {
		return err
	}
	event, err := json.Marshal(map[string]geocode.Result{"geocoded": res})
	if err != nil {
		return err
	}
	w.Header().Set("HX-Trigger", string(event))
	return u.renderFragment(w, r, http.StatusOK, viewMasterForm, "lookup-result", lookupResult{Found: &res})
}

// lookupResult is what the lookup says under its button: where the address lies, or why not.
type lookupResult struct {
	Found   *geocode.Result
	Problem string
}
