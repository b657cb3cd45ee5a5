package ui

import (
	"context"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// partnerKind: trading partners are master data, edited like customers.
func (u *UI) partnerKind() *masterKind[tms.TradingPartner] {
	s := u.store
	return &masterKind[tms.TradingPartner]{
		path: "/edi/partners", title: "Trading partners", singular: "trading partner",
		statuses: []string{"active", "inactive"},
		columns:  []string{"Name", "Their ISA id", "Our ISA id", "SCAC", "Transactions", "Mode", "Status"},
		cells: perRow(func(p *tms.TradingPartner) []string {
			mode := "production"
			if p.Test {
				mode = "test"
			}
			return []string{p.Name, p.ISAQualifier + "/" + p.ISAID, p.OurISAQualifier + "/" + p.OurISAID, p.SCAC,
				strings.Join(p.Transactions, ", "), mode, activeText(p.Active)}
		}),
		fields: u.partnerFields,
		name:   func(p *tms.TradingPartner) string { return p.Name },
		blank: func() tms.TradingPartner {
			return tms.TradingPartner{Active: true, Test: true, X12Version: "004010", OurISAQualifier: "02", ISAQualifier: "ZZ",
				Transactions: tms.EDITransactions}
		},
		meta:   func(p *tms.TradingPartner) *tms.Meta { return &p.Meta },
		create: s.CreateTradingPartner, get: s.TradingPartner, list: s.ListTradingPartners, update: s.UpdateTradingPartner,
	}
}

func (u *UI) partnerFields(ctx context.Context) ([]fieldSpec[tms.TradingPartner], error) {
	customers, err := all(ctx, u.store.ListCustomers, "")
	if err != nil {
		return nil, err
	}
	opts := make([]option, len(customers))
	for i, c := range customers {
		opts[i] = idOption(c.ID, c.Name)
	}
	type P = tms.TradingPartner
	return []fieldSpec[P]{
		textField("name", "Name", func(p *P) *string { return &p.Name }).req(),
		refField("customer_id", "Customer", "No customer", opts, func(p *P) **int64 { return &p.CustomerID }).
			hint("Tenders become this customer's loads; its loads get 214s and its invoices 210s"),
		textField("isa_qualifier", "Their ISA qualifier", func(p *P) *string { return &p.ISAQualifier }).req().hint("ISA05 of their files, e.g. ZZ, 02, 08"),
		textField("isa_id", "Their ISA id", func(p *P) *string { return &p.ISAID }).req().hint("ISA06 of their files"),
		textField("gs_id", "Their GS id", func(p *P) *string { return &p.GSID }).hint("GS02 of their files; their ISA id when empty"),
		textField("our_isa_qualifier", "Our ISA qualifier", func(p *P) *string { return &p.OurISAQualifier }).req(),
		textField("our_isa_id", "Our ISA id", func(p *P) *string { return &p.OurISAID }).req(),
		textField("our_gs_id", "Our GS id", func(p *P) *string { return &p.OurGSID }),
		textField("scac", "Our SCAC", func(p *P) *string { return &p.SCAC }).req(),
		textField("x12_version", "X12 version", func(p *P) *string { return &p.X12Version }).hint("GS08, e.g. 004010"),
		textField("element_separator", "Element separator", func(p *P) *string { return &p.ElementSeparator }),
		textField("component_separator", "Component separator", func(p *P) *string { return &p.ComponentSeparator }),
		textField("segment_terminator", "Segment terminator", func(p *P) *string { return &p.SegmentTerminator }),
		listField("transactions", "Transactions", func(p *P) *[]string { return &p.Transactions }).
			hint("Comma-separated: " + strings.Join(tms.EDITransactions, ", ")),
		textField("sftp.address", "SFTP server", func(p *P) *string { return &p.SFTP.Address }).hint("host:port; empty = files come by upload and the outbox pickup"),
		textField("sftp.user", "SFTP user", func(p *P) *string { return &p.SFTP.User }),
		textField("sftp.host_key", "SFTP host key", func(p *P) *string { return &p.SFTP.HostKey }).as("textarea").
			hint("The server's public key as in known_hosts/authorized_keys, e.g. ssh-ed25519 AAAA…"),
		textField("sftp.inbound_dir", "Their files' directory", func(p *P) *string { return &p.SFTP.InboundDir }),
		textField("sftp.outbound_dir", "Our files' directory", func(p *P) *string { return &p.SFTP.OutboundDir }),
		checkField("test", "Test mode (ISA15 T)", func(p *P) *bool { return &p.Test }),
		checkField("active", "Active", func(p *P) *bool { return &p.Active }),
		textField("notes", "Notes", func(p *P) *string { return &p.Notes }).as("textarea"),
	}, nil
}
