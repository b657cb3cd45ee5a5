package ui

import "github.com/anditms/tms/internal/authz"

// ediRoutes are the tender inbox and the EDI file log (the partners are master data).
// Office staff read; dispatchers decide tenders, upload files and retry them.
func (u *UI) ediRoutes() []route {
	return []route{
		{"GET /edi/tenders", authz.OfficeRead, u.tendersPage},
		{"GET /edi/tenders/{id}", authz.OfficeRead, u.tenderPage},
		{"POST /edi/tenders/{id}/accept", authz.Dispatch, u.acceptTender},
		{"POST /edi/tenders/{id}/decline", authz.Dispatch, u.declineTender},
		{"GET /edi/files", authz.OfficeRead, u.ediFilesPage},
		{"POST /edi/files", authz.Dispatch, u.uploadEDIFile},
		{"GET /edi/files/{id}/payload", authz.OfficeRead, u.ediPayload},
		{"POST /edi/files/{id}/retry", authz.Dispatch, u.retryEDIFile},
	}
}

// ediTabs switch between the EDI pages.
func ediTabs(current string) []navLink {
	out := []navLink{{Label: "Tender inbox", Path: "/edi/tenders"}, {Label: "File log", Path: "/edi/files"}, {Label: "Trading partners", Path: "/edi/partners"}}
	for i := range out {
		out[i].Current = out[i].Path == current
	}
	return out
}
