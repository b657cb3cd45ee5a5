package ui

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"github.com/anditms/tms/internal/tms"
)

// driverStatementCount is how many statements the driver view lists.
const driverStatementCount = 12

// released reports whether a driver may see a settlement: approved or paid, not a draft
// that can still change nor a void one.
func released(s tms.SettlementStatus) bool {
	return s == tms.SettlementApproved || s == tms.SettlementPaid
}

// driverStatements are a driver's approved and paid settlements, newest period first.
func (u *UI) driverStatements(ctx context.Context, driverID int64) ([]tms.Settlement, error) {
	var out []tms.Settlement
	for _, s := range []tms.SettlementStatus{tms.SettlementApproved, tms.SettlementPaid} {
		page, err := u.store.ListSettlements(ctx, tms.SettlementFilter{DriverID: driverID, Status: s,
			Page: tms.PageRequest{Limit: driverStatementCount, Sort: "-period_start"}})
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
	}
	slices.SortFunc(out, func(a, b tms.Settlement) int {
		return cmp.Or(b.PeriodStart.Time().Compare(a.PeriodStart.Time()), cmp.Compare(b.ID, a.ID))
	})
	return out[:min(len(out), driverStatementCount)], nil
}

// driverStatementPDF serves a driver their own released statement; anyone else's, or a
// draft, does not exist for them.
func (u *UI) driverStatementPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := u.store.Settlement(r.Context(), id)
	if err != nil {
		return err
	}
	if me := tms.ActorFrom(r.Context()); me.DriverID == 0 || st.DriverID != me.DriverID || !released(st.Status) {
		return tms.NotFound("settlement", id)
	}
	return u.writeStatement(w, r, id)
}
