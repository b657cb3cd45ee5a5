package tms

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DocumentType says what a document is.
type DocumentType string

// Document types.
const (
	DocBOL              DocumentType = "bol"
	DocPOD              DocumentType = "pod"
	DocRateConfirmation DocumentType = "rate_confirmation"
	DocInvoice          DocumentType = "invoice"
	DocLumperReceipt    DocumentType = "lumper_receipt"
	DocScaleTicket      DocumentType = "scale_ticket"
	DocDeliveryReceipt  DocumentType = "delivery_receipt"
	DocCDL              DocumentType = "cdl"
	DocMedicalCard      DocumentType = "medical_card"
	DocRegistration     DocumentType = "registration"
	DocInsurance        DocumentType = "insurance"
	DocOther            DocumentType = "other"
)

// DocumentTypes lists every type.
var DocumentTypes = []DocumentType{DocBOL, DocPOD, DocRateConfirmation, DocInvoice, DocLumperReceipt, DocScaleTicket,
	DocDeliveryReceipt, DocCDL, DocMedicalCard, DocRegistration, DocInsurance, DocOther}

// Valid reports whether t is a known type.
func (t DocumentType) Valid() bool { return slices.Contains(DocumentTypes, t) }

// DocumentTypeNames is the list of types for messages.
func DocumentTypeNames() string {
	names := make([]string, len(DocumentTypes))
	for i, t := range DocumentTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// DocumentStatus is where a document is in its life.
type DocumentStatus string

// Document statuses: a direct upload stays pending until confirmed; deleted is a soft delete.
const (
	DocumentPending DocumentStatus = "pending"
	DocumentActive  DocumentStatus = "active"
	DocumentDeleted DocumentStatus = "deleted"
)

// OwnerKind is what a document is attached to.
type OwnerKind string

// Owner kinds.
const (
	OwnerLoad    OwnerKind = "load"
	OwnerDriver  OwnerKind = "driver"
	OwnerTruck   OwnerKind = "truck"
	OwnerTrailer OwnerKind = "trailer"
)

// OwnerKinds lists every kind.
var OwnerKinds = []OwnerKind{OwnerLoad, OwnerDriver, OwnerTruck, OwnerTrailer}

// Owner names the one record a document belongs to; StopID narrows a load to one of its stops.
type Owner struct {
	Kind   OwnerKind `json:"kind"`
	ID     int64     `json:"id"`
	StopID int64     `json:"stop_id,omitempty"`
}

func (o Owner) String() string {
	if o.StopID != 0 {
		return fmt.Sprintf("%s %d stop %d", o.Kind, o.ID, o.StopID)
	}
	return fmt.Sprintf("%s %d", o.Kind, o.ID)
}

// Document is a stored file (BOL, POD, CDL scan...) attached to exactly one owner. Its bytes
// live in the blob store under StorageKey; Version numbers the uploads of one series (same
// owner, stop and type): 1, 2, ...
type Document struct {
	ID              int64          `json:"id"`
	Type            DocumentType   `json:"type"`
	LoadID          *int64         `json:"load_id,omitempty"`
	StopID          *int64         `json:"stop_id,omitempty"`
	DriverID        *int64         `json:"driver_id,omitempty"`
	TruckID         *int64         `json:"truck_id,omitempty"`
	TrailerID       *int64         `json:"trailer_id,omitempty"`
	Filename        string         `json:"filename"`
	ContentType     string         `json:"content_type"`
	Size            int64          `json:"size"`
	SHA256          string         `json:"sha256"`                // hex
	UploadedBy      int64          `json:"uploaded_by,omitempty"` // user id; 0 for the system
	UploadedByEmail string         `json:"uploaded_by_email"`
	UploadedAt      time.Time      `json:"uploaded_at"`
	Version         int            `json:"version"`
	StorageKey      string         `json:"storage_key"`
	S3VersionID     string         `json:"s3_version_id,omitempty"`
	Status          DocumentStatus `json:"status"`
	DeletedAt       *time.Time     `json:"deleted_at,omitempty"`
	DeletedBy       string         `json:"deleted_by,omitempty"`
}

// SetOwner points the document at o, clearing any other owner.
func (d *Document) SetOwner(o Owner) {
	d.LoadID, d.StopID, d.DriverID, d.TruckID, d.TrailerID = nil, nil, nil, nil, nil
	id := o.ID
	switch o.Kind {
	case OwnerLoad:
		d.LoadID = &id
		if o.StopID != 0 {
			stop := o.StopID
			d.StopID = &stop
		}
	case OwnerDriver:
		d.DriverID = &id
	case OwnerTruck:
		d.TruckID = &id
	case OwnerTrailer:
		d.TrailerID = &id
	}
}

// Owner returns what the document is attached to (a zero Owner when it has none).
func (d Document) Owner() Owner {
	ids := []*int64{d.LoadID, d.DriverID, d.TruckID, d.TrailerID}
	for i, id := range ids {
		if id != nil {
			o := Owner{Kind: OwnerKinds[i], ID: *id}
			if d.StopID != nil {
				o.StopID = *d.StopID
			}
			return o
		}
	}
	return Owner{}
}

// Series names the documents that are versions of one another: same owner, stop and type.
func (d Document) Series() string {
	o := d.Owner()
	s := fmt.Sprintf("%s/%d", o.Kind, o.ID)
	if o.StopID != 0 {
		s += fmt.Sprintf("/stop/%d", o.StopID)
	}
	return s + "/" + string(d.Type)
}

// Validate checks that the document has one owner, a known type and a complete description
// of stored bytes.
func (d *Document) Validate() error {
	v := Validation{}
	owners := 0
	for _, id := range []*int64{d.LoadID, d.DriverID, d.TruckID, d.TrailerID} {
		if id != nil {
			owners++
			v.Check(*id > 0, "owner", "must be a positive id")
		}
	}
	v.Check(owners == 1, "owner", "a document belongs to exactly one load, driver, truck or trailer")
	v.Check(d.StopID == nil || d.LoadID != nil && *d.StopID > 0, "stop_id", "is only for a document of a load")
	v.Check(d.Type.Valid(), "type", "must be one of "+DocumentTypeNames())
	v.Check(d.Filename != "" && len(d.Filename) <= 400, "filename", "is required (at most 400 bytes)")
	v.Check(d.ContentType != "", "content_type", "is required")
	v.Check(d.Size > 0, "size", "must be more than 0 bytes")
	_, err := hex.DecodeString(d.SHA256)
	v.Check(len(d.SHA256) == 64 && err == nil, "sha256", "must be a hex SHA-256")
	v.Check(d.StorageKey != "", "storage_key", "is required")
	v.Check(d.Status == DocumentPending || d.Status == DocumentActive, "status", "a new document is pending or active")
	return v.Err()
}

// DocumentFilter selects documents of one owner: every type, stop and version, newest first,
// unless Series names one series. Pending documents are never listed; deleted ones only with
// IncludeDeleted.
type DocumentFilter struct {
	Owner          Owner
	Series         string
	IncludeDeleted bool
}

// DocumentStore keeps document metadata; the bytes are kept by internal/documents in a blob
// store. Callers: internal/documents (uploads, downloads, verification), the billing gate.
type DocumentStore interface {
	// CreateDocument stores a pending or active document as the next version of its series
	// and audits it. CodeInvalid for a bad document or an owner that does not exist.
	CreateDocument(ctx context.Context, d *Document) error
	// ConfirmDocument makes a pending document active, recording the storage version id;
	// CodeConflict unless it is pending.
	ConfirmDocument(ctx context.Context, id int64, s3VersionID string) (Document, error)
	// DiscardDocument removes a pending document whose bytes never arrived (audited);
	// CodeConflict unless it is pending.
	DiscardDocument(ctx context.Context, id int64) error
	// Document returns one document in any status.
	Document(ctx context.Context, id int64) (Document, error)
	// ListDocuments lists an owner's documents, newest first (see DocumentFilter).
	ListDocuments(ctx context.Context, f DocumentFilter) ([]Document, error)
	// DeleteDocument soft-deletes an active document and RestoreDocument brings a deleted
	// one back; both are audited and CodeConflict from the wrong status.
	DeleteDocument(ctx context.Context, id int64) (Document, error)
	RestoreDocument(ctx context.Context, id int64) (Document, error)
	// AllDocuments pages through every document in any status by id: at most limit
	// documents with an id above after.
	AllDocuments(ctx context.Context, after int64, limit int) ([]Document, error)
	// PendingDocuments lists the pending documents (direct uploads not confirmed) created
	// before the given time, oldest first; internal/documents purges them with DiscardDocument.
	PendingDocuments(ctx context.Context, before time.Time) ([]Document, error)
	// LoadDocumentTypes lists the types of a load's active documents (the billing gate asks).
	LoadDocumentTypes(ctx context.Context, loadID int64) ([]DocumentType, error)
	// DocumentTypesByLoad lists the types of each load's active documents, for many loads in
	// one query; a load without any is absent from the map.
	DocumentTypesByLoad(ctx context.Context, loadIDs []int64) (map[int64][]DocumentType, error)
}
