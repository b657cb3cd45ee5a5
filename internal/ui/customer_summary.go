package ui

import (
	"context"
	"strconv"

	"github.com/anditms/tms/internal/billing"
	"github.com/anditms/tms/internal/tms"
)

// recentLoads is how many of a customer's loads their page lists.
const recentLoads = 10

// customerSummary is the customer page below the form: credit used against the limit, open
// receivables and the latest loads, with a link to all of them on the Loads page.
type customerSummary struct {
	Credit     billing.Credit
	Loads      []loadView
	LoadsTotal int
	LoadsLink  string
}

// UsedPercent is the share of the credit limit in use, for the meter (0 without a limit).
func (s customerSummary) UsedPercent() int64 {
	if !s.Credit.Limited() {
		return 0
	}
	return int64(s.Credit.Used) * 100 / int64(s.Credit.Customer.CreditLimitCents)
}

func (u *UI) customerSummary(ctx context.Context, id int64) (any, error) {
	s := customerSummary{LoadsLink: "/loads?customer_id=" + strconv.FormatInt(id, 10)}
	var err error
	if s.Credit, err = u.billing.CustomerCredit(ctx, id); err != nil {
		return nil, err
	}
	page, err := u.store.ListLoads(ctx, tms.LoadFilter{CustomerID: id, Page: tms.PageRequest{Limit: recentLoads, Sort: defaultLoadsSort}})
	if err != nil {
		return nil, err
	}
	s.LoadsTotal = page.Total
	s.Loads, err = newLookup(u.store).views(ctx, page.Items)
	return s, err
}
