package ui

import (
	"net/http"

	"github.com/anditms/tms/internal/web"
)

// phoneSetup is what a driver types into Traccar Client (or OsmAnd's online tracking) so
// their phone reports this truck's position; the devices page shows it.
type phoneSetup struct {
	ServerURL string // the OsmAnd ingest of the server the page was served from
	Frequency int    // seconds between reports
}

// phoneReportSeconds is the reporting interval we advise: a fix every 30 s judges an arrival
// within a minute and costs the phone little battery.
const phoneReportSeconds = 30

func newPhoneSetup(r *http.Request) phoneSetup {
	return phoneSetup{ServerURL: web.BaseURL(r) + "/osmand", Frequency: phoneReportSeconds}
}
