package ui

import (
	"context"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/csvio"
	"github.com/anditms/tms/internal/tms"
)

func (u *UI) customerKind() *masterKind[tms.Customer] {
	s := u.store
	return &masterKind[tms.Customer]{
		path: "/customers", title: "Customers", singular: "customer", csv: csvio.Customers,
		statuses: []string{"active", "inactive"},
		columns:  []string{"Name", "City", "Terms", "Credit limit", "Requires", "Status"},
		cells: perRow(func(c *tms.Customer) []string {
			return []string{c.Name, place(c.BillingAddress), strconv.Itoa(c.PaymentTermsDays) + " days", c.CreditLimitCents.String(),
				strings.Join(c.RequiredDocuments, ", "), activeText(c.Active)}
		}),
		fields: func(context.Context) ([]fieldSpec[tms.Customer], error) { return customerFields, nil },
		rename: []string{"credit_limit_cents", "credit_limit", "contacts", "contact.name"},
		name:   func(c *tms.Customer) string { return c.Name },
		blank: func() tms.Customer {
			return tms.Customer{Active: true, PaymentTermsDays: 30, RequiredDocuments: []string{"pod"}}
		},
		meta:   func(c *tms.Customer) *tms.Meta { return &c.Meta },
		create: s.CreateCustomer, get: s.Customer, list: s.ListCustomers, update: s.UpdateCustomer,
	}
}

var customerFields = []fieldSpec[tms.Customer]{
	textField("name", "Name", func(c *tms.Customer) *string { return &c.Name }).req(),
	textField("billing_address.line1", "Billing address", func(c *tms.Customer) *string { return &c.BillingAddress.Line1 }),
	textField("billing_address.city", "City", func(c *tms.Customer) *string { return &c.BillingAddress.City }),
	textField("billing_address.state", "State", func(c *tms.Customer) *string { return &c.BillingAddress.State }),
	textField("billing_address.zip", "ZIP", func(c *tms.Customer) *string { return &c.BillingAddress.Zip }),
	contactField("contact.name", "Contact name", func(ct *tms.Contact) *string { return &ct.Name }),
	contactField("contact.email", "Contact email", func(ct *tms.Contact) *string { return &ct.Email }).as("email"),
	contactField("contact.phone", "Contact phone", func(ct *tms.Contact) *string { return &ct.Phone }).as("tel"),
	intField("payment_terms_days", "Payment terms (days)", func(c *tms.Customer) *int { return &c.PaymentTermsDays }),
	moneyField("credit_limit", "Credit limit ($)", func(c *tms.Customer) *tms.Cents { return &c.CreditLimitCents }),
	listField("required_references", "Required references", func(c *tms.Customer) *[]string { return &c.RequiredReferences }).
		hint("Comma-separated: " + strings.Join(tms.ReferenceKinds, ", ")),
	listField("required_documents", "Documents required to invoice", func(c *tms.Customer) *[]string { return &c.RequiredDocuments }).
		hint("Comma-separated, such as pod, bol, lumper_receipt"),
	textField("notes", "Notes", func(c *tms.Customer) *string { return &c.Notes }).as("textarea"),
	checkField("active", "Active (can be booked)", func(c *tms.Customer) *bool { return &c.Active }),
}

// contactField edits the customer's first contact; an all-empty contact is none.
func contactField(name, label string, at func(*tms.Contact) *string) fieldSpec[tms.Customer] {
	return spec(name, label, "text", func(c *tms.Customer) string {
		if len(c.Contacts) == 0 {
			return ""
		}
		return *at(&c.Contacts[0])
	}, func(c *tms.Customer, s string) error {
		if len(c.Contacts) == 0 {
			if s == "" {
				return nil
			}
			c.Contacts = []tms.Contact{{}}
		}
		*at(&c.Contacts[0]) = s
		if c.Contacts[0].IsZero() {
			c.Contacts = c.Contacts[1:]
		}
		return nil
	})
}

func place(a tms.Address) string {
	if a.City == "" {
		return a.State
	}
	if a.State == "" {
		return a.City
	}
	return a.City + ", " + a.State
}

func activeText(active bool) string {
	if active {
		return "Active"
	}
	return "Inactive"
}
