package documents

import (
	"context"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// defaultRequired is what a customer without a list of its own requires before invoicing.
var defaultRequired = []string{string(tms.DocPOD)}

// BillingGate is a dispatch.Gate: a load cannot become invoiced while a document type its
// customer requires (Customer.RequiredDocuments, by default a POD) has no active document.
// The error is CodeConflict naming what is missing ("missing documents: pod").
//
// The customer is read inside the status change's transaction; the documents are read
// through the store, outside it (the transaction only offers load reads). A POD deleted in
// the moment between that read and the commit can therefore slip through; deletes are rare,
// audited and reversible, so the gate accepts that window.
func (s *Service) BillingGate(ctx context.Context, tx tms.LoadTx, l *tms.Load, to tms.LoadStatus) error {
	if to != tms.StatusInvoiced {
		return nil
	}
	c, err := tx.Customer(ctx, l.CustomerID)
	if err != nil {
		return err
	}
	missing, err := s.Missing(ctx, l.ID, c)
	if err != nil || len(missing) == 0 {
		return err
	}
	return MissingError(missing)
}

// Missing lists the document types customer c requires that load loadID has no active
// document of.
func (s *Service) Missing(ctx context.Context, loadID int64, c tms.Customer) ([]string, error) {
	have, err := s.Store.LoadDocumentTypes(ctx, loadID)
	if err != nil {
		return nil, err
	}
	return MissingTypes(c, have), nil
}

// MissingError is the CodeConflict naming the missing document types ("missing documents: pod").
func MissingError(missing []string) error {
	return &tms.Error{Code: tms.CodeConflict, Message: "missing documents: " + strings.Join(missing, ", "),
		Detail: map[string]any{"missing_documents": missing}}
}

// MissingTypes lists the document types customer c requires (by default a POD) that a load
// with active documents of the types have lacks.
func MissingTypes(c tms.Customer, have []tms.DocumentType) []string {
	required := c.RequiredDocuments
	if required == nil {
		required = defaultRequired
	}
	missing := []string{}
	for _, r := range required {
		if !slices.Contains(have, tms.DocumentType(r)) {
			missing = append(missing, r)
		}
	}
	return missing
}
