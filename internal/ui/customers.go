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
		meta:    func(c *tms.Customer) *tms.Meta { return &c.Meta },
		summary: u.customerSummary,
		create:  s.CreateCustomer, get: s.Customer, list: s.ListCustomers, update: s.UpdateCustomer,
	}
}

var customerFields = []fieldSpec[tms.Customer]{
	textField("name", "Name", func(c *tms.Customer) *string { return &c.Name }).req(),
	textField("billing_address.line1", "Billing address", func(c *tms.Customer) *string { return &c.BillingAddress.Line1 }),
	textField("billing_address.city", "City", func(c *tms.Customer) *string { return &c.BillingAddress.City }),
	textField("billing_address.state", "State", func(c *tms.Customer) *string { return &c.BillingAddress.State }),
	textField("billing_address.zip", "ZIP", func(c *tms.Customer) *string { return &c.BillingAddress.Zip }),
	contactField(0, "contact.name", "Contact name", func(ct *tms.Contact) *string { return &ct.Name }),
	contactField(0, "contact.email", "Contact email", func(ct *tms.Contact) *string { return &ct.Email }).as("email"),
	contactField(0, "contact.phone", "Contact phone", func(ct *tms.Contact) *string { return &ct.Phone }).as("tel"),
	contactRoles(0, "contact.roles", "Contact receives"),
	contactField(1, "contact2.name", "Second contact name", func(ct *tms.Contact) *string { return &ct.Name }),
	contactField(1, "contact2.email", "Second contact email", func(ct *tms.Contact) *string { return &ct.Email }).as("email"),
	contactField(1, "contact2.phone", "Second contact phone", func(ct *tms.Contact) *string { return &ct.Phone }).as("tel"),
	contactRoles(1, "contact2.roles", "Second contact receives"),
	checkField("notifications.picked_up", "Email operations contacts when a load is picked up", func(c *tms.Customer) *bool { return &c.Notifications.PickedUp }),
	checkField("notifications.delivered", "Email operations contacts when a load is delivered (with the POD)", func(c *tms.Customer) *bool { return &c.Notifications.Delivered }),
	checkField("notifications.eta_late", "Email operations contacts when an ETA passes the appointment", func(c *tms.Customer) *bool { return &c.Notifications.ETALate }),
	checkField("notifications.pod_with_invoice", "Attach the PODs to the invoice email", func(c *tms.Customer) *bool { return &c.Notifications.PODWithInvoice }),
	checkField("notifications.pod_on_tracking_link", "Share the PODs on tracking links after delivery", func(c *tms.Customer) *bool { return &c.Notifications.PODOnTrackLink }),
	intField("payment_terms_days", "Payment terms (days)", func(c *tms.Customer) *int { return &c.PaymentTermsDays }),
	moneyField("credit_limit", "Credit limit ($)", func(c *tms.Customer) *tms.Cents { return &c.CreditLimitCents }),
	listField("required_references", "Required references", func(c *tms.Customer) *[]string { return &c.RequiredReferences }).
		hint("Comma-separated: " + strings.Join(tms.ReferenceKinds, ", ")),
	listField("required_documents", "Documents required to invoice", func(c *tms.Customer) *[]string { return &c.RequiredDocuments }).
		hint("Comma-separated, such as pod, bol, lumper_receipt"),
	textField("notes", "Notes", func(c *tms.Customer) *string { return &c.Notes }).as("textarea"),
	checkField("active", "Active (can be booked)", func(c *tms.Customer) *bool { return &c.Active }),
}

// contactField edits the customer's contact i; a contact left all empty is dropped when the
// customer is validated.
func contactField(i int, name, label string, at func(*tms.Contact) *string) fieldSpec[tms.Customer] {
	return spec(name, label, "text", func(c *tms.Customer) string {
		if len(c.Contacts) <= i {
			return ""
		}
		return *at(&c.Contacts[i])
	}, func(c *tms.Customer, s string) error {
		*at(contactAt(c, i)) = s
		return nil
	})
}

// contactRoles edits which email contact i receives: "ap" (invoices, statements) and
// "operations" (shipment notifications).
func contactRoles(i int, name, label string) fieldSpec[tms.Customer] {
	list := listField(name, label, func(c *tms.Customer) *[]string { return &contactAt(c, i).Roles })
	get := list.get
	list.get = func(c *tms.Customer) string {
		if len(c.Contacts) <= i {
			return ""
		}
		return get(c)
	}
	return list.hint("Comma-separated: ap (invoices and statements), operations (shipment notifications)")
}

// contactAt returns contact i, adding empty ones up to it.
func contactAt(c *tms.Customer, i int) *tms.Contact {
	for len(c.Contacts) <= i {
		c.Contacts = append(c.Contacts, tms.Contact{})
	}
	return &c.Contacts[i]
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
