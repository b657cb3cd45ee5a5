package ui

// payrollRoutes are the settlement, fuel surcharge, catalog, carrier settings and report pages.
// Accounting (admins and billing) settles drivers and keeps the fuel and rate tables; only
// admins change the carrier settings and the accessorial catalog. Drivers download their own
// approved statements; every office role reads the reports.
func (u *UI) payrollRoutes() []route {
	return []route{
		{"GET /settlements", accounting, u.settlementsPage},
		{"POST /settlements", accounting, u.createSettlement},
		{"GET /settlements/{id}", accounting, u.settlementPage},
		{"POST /settlements/{id}/lines", accounting, u.addSettlementLine},
		{"POST /settlements/{id}/status", accounting, u.moveSettlement},
		{"GET /settlements/{id}/pdf", accounting, u.settlementPDF},
		{"GET /driver/settlements/{id}/pdf", drivers, u.driverStatementPDF},

		{"GET /settings/billing", accounting, u.billingSettingsPage},
		{"POST /settings/billing", admins, u.saveCarrierSettings},
		{"POST /settings/accessorials/{code}", admins, u.saveAccessorial},

		{"GET /settings/fuel", accounting, u.fuelPage},
		{"POST /settings/fuel/prices", accounting, u.addDieselPrice},
		{"POST /settings/fuel/import", accounting, u.importDieselPrices},
		{"POST /settings/fuel/fetch", accounting, u.fetchDieselPrices},
		{"GET /settings/fuel/schedules/new", accounting, u.newFuelSchedulePage},
		{"POST /settings/fuel/schedules", accounting, u.createFuelSchedule},
		{"GET /settings/fuel/schedules/{id}", accounting, u.fuelSchedulePage},
		{"POST /settings/fuel/schedules/{id}", accounting, u.updateFuelSchedule},

		{"GET /settings/rates", accounting, u.ratesPage},
		{"POST /settings/rates", accounting, u.createRateDefault},
		{"POST /settings/rates/{id}", accounting, u.updateRateDefault},

		{"GET /reports", office, u.reportsPage},
		{"GET /reports/operating.csv", office, u.operatingCSV},
	}
}

// payrollTabs switch between the settlement and settings pages.
func payrollTabs(current string) []navLink {
	tabs := []navLink{{Label: "Settlements", Path: "/settlements"}, {Label: "Carrier and catalog", Path: "/settings/billing"},
		{Label: "Fuel", Path: "/settings/fuel"}, {Label: "Rates", Path: "/settings/rates"}}
	for i := range tabs {
		tabs[i].Current = tabs[i].Path == current
	}
	return tabs
}
