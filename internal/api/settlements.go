package api

import (
	"io"
	"net/http"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// settlementRoutes: driver settlements (a driver reads only their own) and the operating report.
func (a *API) settlementRoutes() []Route {
	return []Route{
		{"GET /api/v1/settlements", authz.SettlementsRead, a.listSettlements, Doc{Summary: "List settlements (drivers: their own approved and paid)", Tag: "settlements", Out: tms.Page[tms.Settlement]{}, Query: append([]string{"driver_id", "status"}, pageParams...)}},
		{"POST /api/v1/settlements", authz.Accounting, a.createSettlement, Doc{Summary: "Draft a driver's settlement for the loads delivered in a pay period", Tag: "settlements", In: billing.SettlementInput{}, Out: tms.Settlement{}, Status: 201}},
		{"GET /api/v1/settlements/{id}", authz.SettlementsRead, a.getSettlement, Doc{Summary: "Get a settlement", Tag: "settlements", Out: tms.Settlement{}}},
		{"POST /api/v1/settlements/{id}/lines", authz.Accounting, a.addSettlementLine, Doc{Summary: "Add a line (deduction, bonus, reimbursement) to a draft", Tag: "settlements", In: lineInput{}, Out: tms.Settlement{}}},
		{"POST /api/v1/settlements/{id}/status", authz.Accounting, a.moveSettlement, Doc{Summary: "Approve (locks), pay, reopen or void a settlement", Tag: "settlements", In: settlementMove{}, Out: tms.Settlement{}}},
		{"GET /api/v1/settlements/{id}/pdf", authz.SettlementsRead, a.statementPDF, Doc{Summary: "The driver's settlement statement as PDF", Tag: "settlements", Produces: "application/pdf"}},

		{"GET /api/v1/reports/operating", authz.OfficeRead, a.operating, Doc{Summary: "Revenue per mile, per truck per week, deadhead %, on-time pickup and delivery %, per customer and driver", Tag: "reports", Out: reports.Operating{}, Query: []string{"from", "to"}}},
		{"GET /api/v1/reports/operating.csv", authz.OfficeRead, a.operatingCSV, Doc{Summary: "The operating report as CSV", Tag: "reports", Query: []string{"from", "to"}, Produces: "text/csv"}},
	}
}

type lineInput struct {
	tms.SettlementLine
	Version int `json:"version,omitempty"`
}

type settlementMove struct {
	Status  tms.SettlementStatus `json:"status"`
	Version int                  `json:"version,omitempty"`
}

// driverView narrows a driver's view of settlements to their own locked ones.
func driverView(r *http.Request, f *tms.SettlementFilter) bool {
	a := tms.ActorFrom(r.Context())
	if a.Role != tms.RoleDriver {
		return false
	}
	f.DriverID = a.DriverID
	if f.DriverID == 0 {
		f.DriverID = -1
	}
	return true
}

func (a *API) listSettlements(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q, v := r.URL.Query(), tms.Validation{}
	f := tms.SettlementFilter{Page: p, Status: tms.SettlementStatus(q.Get("status")), DriverID: int64(web.QueryInt(q.Get("driver_id"), v, "driver_id"))}
	if err := v.Err(); err != nil {
		return err
	}
	if driverView(r, &f) && f.Status != tms.SettlementPaid {
		f.Status = tms.SettlementApproved
	}
	page, err := a.Store.ListSettlements(r.Context(), f)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

// visibleSettlement reads the settlement in the path; a driver sees only their own approved
// or paid ones (others answer not found, so ids are not probed).
func (a *API) visibleSettlement(r *http.Request) (tms.Settlement, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return tms.Settlement{}, err
	}
	st, err := a.Store.Settlement(r.Context(), id)
	if err != nil {
		return st, err
	}
	f := tms.SettlementFilter{}
	locked := st.Status == tms.SettlementApproved || st.Status == tms.SettlementPaid
	if driverView(r, &f) && (st.DriverID != f.DriverID || !locked) {
		return tms.Settlement{}, tms.NotFound("settlement", id)
	}
	return st, nil
}

func (a *API) getSettlement(w http.ResponseWriter, r *http.Request) error {
	st, err := a.visibleSettlement(r)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, st)
}

func (a *API) createSettlement(w http.ResponseWriter, r *http.Request) error {
	var in billing.SettlementInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	st, err := a.Billing.CreateSettlement(r.Context(), in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, st)
}

func (a *API) addSettlementLine(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in lineInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	expected, err := expectedVersion(r, in.Version)
	if err != nil {
		return err
	}
	st, err := a.Billing.AddSettlementLine(r.Context(), id, expected, in.SettlementLine)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, st)
}

func (a *API) moveSettlement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in settlementMove
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	expected, err := expectedVersion(r, in.Version)
	if err != nil {
		return err
	}
	st, err := a.Billing.MoveSettlement(r.Context(), id, expected, in.Status)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, st)
}

func (a *API) statementPDF(w http.ResponseWriter, r *http.Request) error {
	st, err := a.visibleSettlement(r)
	if err != nil {
		return err
	}
	_, pdf, err := a.Billing.StatementPDF(r.Context(), st.ID)
	if err != nil {
		return err
	}
	return web.WritePDF(w, st.Number+".pdf", pdf)
}

func (a *API) operatingReport(r *http.Request) (reports.Operating, error) {
	from, to, err := dateRange(r)
	if err != nil {
		return reports.Operating{}, err
	}
	return a.Billing.Operating(r.Context(), from, to)
}

func (a *API) operating(w http.ResponseWriter, r *http.Request) error {
	rep, err := a.operatingReport(r)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, rep)
}

func (a *API) operatingCSV(w http.ResponseWriter, r *http.Request) error {
	rep, err := a.operatingReport(r)
	if err != nil {
		return err
	}
	return web.WriteCSV(w, "operating-"+rep.From.String()+"-"+rep.To.String()+".csv", func(out io.Writer) error { return reports.WriteOperatingCSV(out, rep) })
}
