package ui

import "net/http"

// driverPage is the driver's landing page (the mobile view); loads are added by the dispatch work.
func (u *UI) driverPage(w http.ResponseWriter, r *http.Request) error {
	return u.render(w, r, http.StatusOK, viewDriver, "My loads", nil)
}
