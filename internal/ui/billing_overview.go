package ui

import (
	"net/http"

	"github.com/anditms/tms/internal/billing"
)

// billingHome is the billing overview, where billing users land.
const billingHome = "/billing/overview"

type billingOverviewData struct {
	Tabs []navLink
	billing.Overview
}

// billingOverviewPage shows what can be invoiced, what is owed and how late, and recent
// payments; every figure comes from billing.Service.Overview.
func (u *UI) billingOverviewPage(w http.ResponseWriter, r *http.Request) error {
	o, err := u.billing.Overview(r.Context())
	if err != nil {
		return err
	}
	return u.render(w, r, http.StatusOK, viewBillingOverview, "Billing overview", billingOverviewData{Tabs: billingTabs(r), Overview: o})
}
