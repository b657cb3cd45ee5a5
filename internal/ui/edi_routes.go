package ui

// ediRoutes are the tender inbox and the EDI file log (the partners are master data).
// Office staff read; dispatchers decide tenders, upload files and retry them.
func (u *UI) ediRoutes() []route {
	return []route{
		{"GET /edi/tenders", office, u.tendersPage},
		{"GET /edi/tenders/{id}", office, u.tenderPage},
		{"POST /edi/tenders/{id}/accept", dispatchers, u.acceptTender},
		{"POST /edi/tenders/{id}/decline", dispatchers, u.declineTender},
		{"GET /edi/files", office, u.ediFilesPage},
		{"POST /edi/files", dispatchers, u.uploadEDIFile},
		{"GET /edi/files/{id}/payload", office, u.ediPayload},
		{"POST /edi/files/{id}/retry", dispatchers, u.retryEDIFile},
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
