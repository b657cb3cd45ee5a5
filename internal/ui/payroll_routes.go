package ui

import "github.com/anditms/tms/internal/authz"

// payrollRoutes are the settlement, fuel surcharge, catalog, carrier settings and report pages.
// Accounting (admins and billing) settles drivers and keeps the fuel and rate tables; only
// admins change the carrier settings and the accessorial catalog. Drivers download their own
// approved statements; every office role reads the reports.
func (u *UI) payrollRoutes() []route {
	return []route{
		{"GET /settlements", authz.Accounting, u.settlementsPage},
		{"POST /settlements", authz.Accounting, u.createSettlement},
		{"GET /settlements/{id}", authz.Accounting, u.settlementPage},
		{"POST /settlements/{id}/lines", authz.Accounting, u.addSettlementLine},
		{"POST /settlements/{id}/status", authz.Accounting, u.moveSettlement},
		{"GET /settlements/{id}/pdf", authz.Accounting, u.settlementPDF},
		{"GET /driver/settlements/{id}/pdf", authz.DriverApp, u.driverStatementPDF},

		{"GET /settings/billing", authz.Accounting, u.billingSettingsPage},
		{"POST /settings/billing", authz.Settings, u.saveCarrierSettings},
		{"POST /settings/accessorials/{code}", authz.Settings, u.saveAccessorial},

		{"GET /settings/fuel", authz.Accounting, u.fuelPage},
		{"POST /settings/fuel/prices", authz.Accounting, u.addDieselPrice},
		{"POST /settings/fuel/import", authz.Accounting, u.importDieselPrices},
		{"POST /settings/fuel/fetch", authz.Accounting, u.fetchDieselPrices},
		{"GET /settings/fuel/schedules/new", authz.Accounting, u.newFuelSchedulePage},
		{"POST /settings/fuel/schedules", authz.Accounting, u.createFuelSchedule},
		{"GET /settings/fuel/schedules/{id}", authz.Accounting, u.fuelSchedulePage},
		{"POST /settings/fuel/schedules/{id}", authz.Accounting, u.updateFuelSchedule},

		{"GET /settings/rates", authz.Accounting, u.ratesPage},
		{"POST /settings/rates", authz.Accounting, u.createRateDefault},
		{"POST /settings/rates/{id}", authz.Accounting, u.updateRateDefault},

		{"GET /reports", authz.OfficeRead, u.reportsPage},
		{"GET /reports/operating.csv", authz.OfficeRead, u.operatingCSV},
	}
}
